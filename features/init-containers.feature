Feature: Init containers: first prepare, then start

  @setup
  Scenario: The namespace init-containers is the default
    Then namespace "init-containers" is Active
    And the kubeconfig's current namespace is "init-containers"

  @apply-init
  Scenario: The Pod from init.yml has its two init containers in order, each waiting as init.yml says
    Then pod "pod-with-init-containers" in namespace "init-containers" has init containers "init-service, init-database" in that order
    And pod "pod-with-init-containers" in namespace "init-containers" matches:
      """
      spec:
        initContainers:
        - name: init-service
          command: ["sh", "-c", "echo waiting for service; sleep 4"]
        - name: init-database
          command: ["sh", "-c", "echo waiting for database; sleep 4"]
      """
    And pod "pod-with-init-containers" in namespace "init-containers" was created from the file "init.yml"

  @watch-init
  Scenario: kubectl watched the Pod initialise and it runs
    Then kubectl watched pod "pod-with-init-containers" in namespace "init-containers" while its init containers ran
    And pod "pod-with-init-containers" in namespace "init-containers" has completed its init containers within 60s
    And pod "pod-with-init-containers" in namespace "init-containers" is Running within 60s
