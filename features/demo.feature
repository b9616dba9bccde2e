Feature: A first look: namespace, context and a Pod

  @create-namespace
  Scenario: The namespace demo was made in this attempt
    Then namespace "demo" was created in this attempt
    And namespace "demo" is Active

  @set-namespace
  Scenario: kubectl uses demo by default
    Then the kubeconfig's current namespace is "demo"

  @run-web
  Scenario: A Pod named web runs nginx
    Then pod "web" in namespace "demo" has a container with image "nginx"

  @dry-run
  Scenario: web2.yaml was checked by the API server without being created
    Then the file "web2.yaml" in the work directory is a manifest of kind "Pod" named "web2"
    And kubectl sent a server-side dry run for pod "web2" in namespace "demo" with kubectl apply
    And pod "web2" is absent from namespace "demo"
