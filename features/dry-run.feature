Feature: Try before you change: --dry-run and kubectl diff

  @setup
  Scenario: The namespace dry-run is the default
    Then namespace "dry-run" is Active
    And the kubeconfig's current namespace is "dry-run"

  @client-dry-run
  Scenario: nginx.yml holds the Pod web, which does not exist
    Then the file "nginx.yml" in the work directory is a manifest of kind "Pod" named "web"
    And pod "web" is absent from namespace "dry-run"

  @server-dry-run
  Scenario: The API server validated web without storing it
    Then kubectl sent a server-side dry run for pods in namespace "dry-run"
    And pod "web" is absent from namespace "dry-run"

  @apply
  Scenario: The Pod web runs
    Then pod "web" in namespace "dry-run" is Running within 30s

  @diff
  Scenario: kubectl diff compared new-nginx.yml with the live Pod web
    Then kubectl sent a server-side dry-run patch of pod "web" in namespace "dry-run"

  @apply-change
  Scenario: The Pod web has the label tier=frontend
    Then pod "web" in namespace "dry-run" matches:
      """
      metadata:
        labels:
          tier: frontend
      """
