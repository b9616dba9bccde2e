Feature: Namespaces: one cluster, separate spaces

  @describe
  Scenario: kubectl described the namespace default
    Then kubectl sent a list request for resourcequotas in namespace "default"

  @get-all
  Scenario: kubectl listed everything in every namespace
    Then kubectl requested the path "/apis/batch/v1/cronjobs"

  @invalid-name
  Scenario: The API server refused Playground1, and playground1 exists
    Then the API server refused kubectl's create of namespace "Playground1" with 422
    And namespace "playground1" is Active

  @from-yaml
  Scenario: demo.yaml made the namespace demo, by kubectl apply
    Then the file "demo.yaml" in the work directory is a manifest of kind "Namespace" named "demo"
    And namespace "demo" is Active
    And namespace "demo" was applied from the file "demo.yaml"

  @pod-flag
  Scenario: The Pod web runs in demo, made in this attempt
    Then pod "web" in namespace "demo" was created in this attempt
    And pod "web" in namespace "demo" has a container with image "nginx"
    And pod "web" in namespace "demo" is Running within 30s

  @pod-manifest
  Scenario: The Pod web2, from web2.yml, runs in demo
    Then pod "web2" in namespace "demo" was created from the file "web2.yml"
    And pod "web2" in namespace "demo" is Running within 30s

  @default-namespace
  Scenario: kubectl uses demo by default
    Then the kubeconfig's current namespace is "demo"

  @delete-namespace
  Scenario: kubectl deleted the namespace playground1
    Then namespace "playground1" was deleted
