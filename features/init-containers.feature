Feature: Init containers: first prepare, then start

  @setup
  Scenario: The namespace init-containers is the default
    Then namespace "init-containers" is Active
    And the kubeconfig's current namespace is "init-containers"

  @apply-init
  Scenario: The Pod has its two init containers in order
    Then pod "pod-with-init-containers" in namespace "init-containers" has init containers "init-service, init-database" in that order

  @watch-init
  Scenario: kubectl watched the Pod initialise and it runs
    Then kubectl sent a watch request for pods in namespace "init-containers"
    And pod "pod-with-init-containers" in namespace "init-containers" has completed its init containers within 60s
    And pod "pod-with-init-containers" in namespace "init-containers" is Running within 60s
