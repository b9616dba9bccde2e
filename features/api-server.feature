Feature: First contact: the API server and kubectl's view of it

  @cluster-info
  Scenario: kubectl cluster-info asked for the services of kube-system labelled as cluster services (with no limit, unlike kubectl get)
    Then kubectl requested exactly the path "/api/v1/namespaces/kube-system/services?labelSelector=kubernetes.io/cluster-service=true"

  @kubeconfig
  Scenario: raw-kubeconfig holds the credentials config view leaves out, and kubectl listed the nodes
    Then the file "raw-kubeconfig" in the work directory contains "client-key-data: "
    And the file "raw-kubeconfig" in the work directory does not contain "DATA+OMITTED"
    And kubectl sent a list request for nodes

  @context-name
  Scenario: The learner names the current context
    Then the answer is the current context of the kubeconfig

  @verbose
  Scenario: kubectl listed the namespaces, and the learner read the query of its URL in the -v 6 log
    Then kubectl sent a list request for namespaces
    And the answer is one of "limit=500", "?limit=500"

  @watch
  Scenario: kubectl watched the pods, and the learner read the resourceVersion of the watch in the -v 6 log
    Then kubectl sent a watch request for pods
    And the answer is the resourceVersion kubectl watched pods from

  @proxy
  Scenario: curl read the namespaces and kube-public through kubectl proxy, and kube-public.json is a Namespace
    Then curl requested the path "/api/v1/namespaces?limit=500" through kubectl proxy
    And curl requested the path "/api/v1/namespaces/kube-public" through kubectl proxy
    And the file "kube-public.json" in the work directory is a manifest of kind "Namespace" named "kube-public"
