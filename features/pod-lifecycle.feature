Feature: Stopping Pods: SIGTERM, SIGKILL and the grace period

  @setup
  Scenario: Three sleepers run in pod-lifecycle
    Then the kubeconfig's current namespace is "pod-lifecycle"
    And pod "slow" in namespace "pod-lifecycle" is Running within 30s
    And pod "patient" in namespace "pod-lifecycle" is Running within 30s
    And pod "doomed" in namespace "pod-lifecycle" is Running within 30s

  @signals
  Scenario: A process can catch SIGTERM, not SIGKILL
    Then the answer is "SIGTERM"

  @delete-default
  Scenario: slow is being deleted with the default grace period (no --now, --grace-period or --force)
    Then kubectl deleted pod "slow" in namespace "pod-lifecycle" with the default grace period
    And pod "slow" is absent from namespace "pod-lifecycle"

  @grace-manifest
  Scenario: quick has a 10-second grace period
    Then pod "quick" in namespace "pod-lifecycle" matches:
      """
      spec:
        terminationGracePeriodSeconds: 10
      """
    And pod "quick" in namespace "pod-lifecycle" was created from the file "quick.yml"
    And pod "quick" in namespace "pod-lifecycle" is Running within 30s

  @delete-quick
  Scenario: quick is deleted with its own grace period, the 10 seconds of its manifest
    Then kubectl deleted pod "quick" in namespace "pod-lifecycle" with the default grace period
    And pod "quick" was deleted from namespace "pod-lifecycle" within 30s

  @grace-flag
  Scenario: patient is deleted with a 5-second grace period
    Then kubectl deleted pod "patient" in namespace "pod-lifecycle" with --grace-period=5

  @force
  Scenario: doomed is deleted at once, by force
    Then kubectl deleted pod "doomed" in namespace "pod-lifecycle" with --grace-period=0 --force
