Feature: First contact: the API server and kubectl's view of it

  @cluster-info
  Scenario: kubectl asked the cluster for its control plane
    Then kubectl requested the path "/api/v1/namespaces/kube-system/services"

  @kubeconfig
  Scenario: raw-kubeconfig holds the credentials config view leaves out, and kubectl listed the nodes
    Then the file "raw-kubeconfig" in the work directory contains "client-key-data: "
    And the file "raw-kubeconfig" in the work directory does not contain "DATA+OMITTED"
    And kubectl sent a list request for nodes

  @context-name
  Scenario: The learner names the current context
    Then the answer is the current context of the kubeconfig

  @verbose
  Scenario: kubectl listed the namespaces
    Then kubectl sent a list request for namespaces

  @watch
  Scenario: kubectl watched the pods
    Then kubectl sent a watch request for pods

  @proxy
  Scenario: curl listed the namespaces through kubectl proxy, and kube-public.json is what the API returned
    Then curl requested the path "/api/v1/namespaces?limit=500" through kubectl proxy
    And the file "kube-public.json" in the work directory is a manifest of kind "Namespace" named "kube-public"
