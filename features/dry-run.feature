Feature: Try before you change: --dry-run and kubectl diff

  @setup
  Scenario: The namespace dry-run is the default
    Then namespace "dry-run" is Active
    And the kubeconfig's current namespace is "dry-run"

  @client-dry-run
  Scenario: nginx.yml holds the Pod web as kubectl run --dry-run=client -o yaml writes it, and web does not exist
    Then the file "nginx.yml" in the work directory is a manifest of kind "Pod" named "web"
    And the file "nginx.yml" in the work directory matches:
      """
      kind: Pod
      metadata:
        name: web
        labels:
          run: web
      spec:
        containers:
        - name: web
          image: nginx
      """
    And pod "web" is absent from namespace "dry-run"

  @server-dry-run
  Scenario: The API server validated web from kubectl apply without storing it
    Then kubectl sent a server-side dry run for pod "web" in namespace "dry-run" with kubectl apply
    And pod "web" is absent from namespace "dry-run"

  @apply
  Scenario: The Pod web, created from nginx.yml, runs
    Then pod "web" in namespace "dry-run" was created from the file "nginx.yml"
    And pod "web" in namespace "dry-run" is Running within 30s

  @diff
  Scenario: kubectl diff compared new-nginx.yml with the live Pod web
    Then kubectl sent a server-side dry-run patch of pod "web" in namespace "dry-run" as kubectl diff does

  @apply-change
  Scenario: The Pod web has the label tier=frontend, applied from new-nginx.yml
    Then pod "web" in namespace "dry-run" matches:
      """
      metadata:
        labels:
          tier: frontend
      """
    And pod "web" in namespace "dry-run" was applied from the file "new-nginx.yml"
