Feature: Working with Pods: get, describe, exec and delete

  @setup
  Scenario: Three Pods run in pod-basics, the default namespace
    Then namespace "pod-basics" is Active
    And the kubeconfig's current namespace is "pod-basics"
    And pod "web" in namespace "pod-basics" is Running within 30s
    And pod "client" in namespace "pod-basics" is Running within 30s
    And pod "my-pod" in namespace "pod-basics" has 2 ready containers within 30s
    And pod "web" in namespace "pod-basics" was created from the file "pods.yml"
    And pod "client" in namespace "pod-basics" was created from the file "pods.yml"
    And pod "my-pod" in namespace "pod-basics" was created from the file "pods.yml"

  @list
  Scenario: kubectl listed the Pods of pod-basics, and the learner read web's IP in the wide listing
    Then kubectl sent a list request for pods in namespace "pod-basics"
    And the answer is the value of "{.status.podIP}" of pod "web" in namespace "pod-basics"

  @client-node
  Scenario: The learner names the node client runs on
    Then the answer is the node of pod "client" in namespace "pod-basics"

  @yaml-describe
  Scenario: kubectl read client as YAML and described my-pod (with its events)
    Then kubectl requested the path "/api/v1/namespaces/pod-basics/pods/client"
    And kubectl described pod "my-pod" in namespace "pod-basics"

  @yaml-default
  Scenario: The learner names the restartPolicy the API server filled in for client
    Then the answer is the value of "{.spec.restartPolicy}" of pod "client" in namespace "pod-basics"

  @exec
  Scenario: kubectl ran date in client
    Then pod "client" in namespace "pod-basics" ran "date" through kubectl exec

  @exec-container
  Scenario: kubectl ran a command in the container client of my-pod
    Then kubectl executed a command in container "client" of pod "my-pod" in namespace "pod-basics"

  @delete
  Scenario: The Pod web is gone
    Then kubectl deleted pod "web" in namespace "pod-basics"
    And pod "web" was deleted from namespace "pod-basics" within 30s
