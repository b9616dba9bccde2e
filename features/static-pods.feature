Feature: Static Pods: Pods a kubelet runs from a file

  @setup
  Scenario: The control Pod web1 runs in static-pods
    Then the kubeconfig's current namespace is "static-pods"
    And pod "web1" in namespace "static-pods" is Running within 30s

  @write-static-pod
  Scenario: web2 runs as a static Pod of labs-worker
    Then node "labs-worker" has a static Pod manifest of pod "web2"
    And pod "web2-labs-worker" in namespace "default" is a static pod mirror of node "labs-worker" within 30s

  @describe-mirror
  Scenario: kubectl described the mirror Pod
    Then kubectl described pod "web2-labs-worker" in namespace "default"
    And pod "web2-labs-worker" in namespace "default" matches:
      """
      metadata:
        annotations:
          kubernetes.io/config.source: file
      """

  @delete-mirror
  Scenario: The mirror Pod came back after kubectl delete
    Then kubectl deleted pod "web2-labs-worker" in namespace "default"
    And pod "web2-labs-worker" in namespace "default" is a static pod mirror of node "labs-worker" within 30s

  @remove-file
  Scenario: The static Pod is gone
    Then the static Pod "web2" was removed from node "labs-worker" within 30s
