Feature: Namespaces: one cluster, separate spaces

  @describe
  Scenario: kubectl described the namespace default
    Then kubectl sent a list request for resourcequotas in namespace "default"

  @get-all
  Scenario: kubectl listed everything in every namespace
    Then kubectl requested the path "/apis/batch/v1/cronjobs"

  # TODO(precise): the audit log shows the API server's refusal (422) of a create of namespace Playground1.
  @invalid-name
  Scenario: The namespace playground1 exists
    Then namespace "playground1" is Active

  @from-yaml
  Scenario: demo.yaml made the namespace demo
    Then the file "demo.yaml" in the work directory is a manifest of kind "Namespace" named "demo"
    And namespace "demo" is Active

  @pod-flag
  Scenario: The Pod web runs in demo
    Then pod "web" in namespace "demo" has a container with image "nginx"
    And pod "web" in namespace "demo" is Running within 30s

  @pod-manifest
  Scenario: The Pod web2 runs in demo
    Then pod "web2" in namespace "demo" is Running within 30s

  @default-namespace
  Scenario: kubectl uses demo by default
    Then the kubeconfig's current namespace is "demo"

  # TODO(precise): Then namespace "playground1" was deleted (gone, or Terminating)
  @delete-namespace
  Scenario: kubectl deleted a namespace
    Then kubectl sent a delete request for namespaces
