Feature: Phases and restart policies: what happens when a container stops

  @setup
  Scenario: The namespace restart-policy is the default
    Then namespace "restart-policy" is Active
    And the kubeconfig's current namespace is "restart-policy"

  @default-policy
  Scenario: web, made from kubectl's YAML, restarts Always
    Then the file "web.yaml" in the work directory is a manifest of kind "Pod" named "web"
    And the file "web.yaml" in the work directory matches:
      """
      spec:
        restartPolicy: Always
      """
    And pod "web" in namespace "restart-policy" has restart policy Always
    And pod "web" in namespace "restart-policy" was created from the file "web.yaml"

  @pending
  Scenario: typo stays Pending
    Then pod "typo" in namespace "restart-policy" is Pending
    And an event with reason "Failed" was recorded for pod "typo" in namespace "restart-policy" within 30s

  @always
  Scenario: crash-always, from always.yml, fails and restarts
    Then pod "crash-always" in namespace "restart-policy" has restart policy Always
    And pod "crash-always" in namespace "restart-policy" was created from the file "always.yml"
    And pod "crash-always" in namespace "restart-policy" has a container that exited with a non-zero code within 60s
    And pod "crash-always" in namespace "restart-policy" has restarted at least 1 time within 60s
    And pod "crash-always" in namespace "restart-policy" is Running

  @on-failure
  Scenario: OnFailure restarts the failure and completes the success
    Then pod "fail-onfailure" in namespace "restart-policy" has restart policy OnFailure
    And pod "ok-onfailure" in namespace "restart-policy" has restart policy OnFailure
    And pod "fail-onfailure" in namespace "restart-policy" was created from the file "on-failure.yml"
    And pod "ok-onfailure" in namespace "restart-policy" was created from the file "on-failure.yml"
    And pod "fail-onfailure" in namespace "restart-policy" has restarted at least 1 time within 60s
    And pod "fail-onfailure" in namespace "restart-policy" has a container that exited with a non-zero code within 60s
    And pod "ok-onfailure" in namespace "restart-policy" is Succeeded within 60s
    And pod "ok-onfailure" in namespace "restart-policy" has a container that exited with code 0

  @never
  Scenario: Never leaves a Failed and a Succeeded Pod
    Then pod "fail-never" in namespace "restart-policy" has restart policy Never
    And pod "ok-never" in namespace "restart-policy" has restart policy Never
    And pod "fail-never" in namespace "restart-policy" was created from the file "never.yml"
    And pod "ok-never" in namespace "restart-policy" was created from the file "never.yml"
    And pod "fail-never" in namespace "restart-policy" is Failed within 60s
    And pod "fail-never" in namespace "restart-policy" has a container that exited with a non-zero code
    And pod "ok-never" in namespace "restart-policy" is Succeeded within 60s
    And pod "ok-never" in namespace "restart-policy" has a container that exited with code 0

  @never-phase
  Scenario: The learner names the phase of fail-never, the failing Pod of never.yml
    Then pod "fail-never" in namespace "restart-policy" was created from the file "never.yml"
    And pod "fail-never" in namespace "restart-policy" has a container that exited with a non-zero code within 60s
    And the answer is the phase of pod "fail-never" in namespace "restart-policy" within 60s

  @persistence
  Scenario: env-demo takes its environment from the ConfigMap web-config
    Then configmap "web-config" exists in namespace "restart-policy"
    And pod "env-demo" in namespace "restart-policy" matches:
      """
      spec:
        containers:
        - name: app
          envFrom:
          - configMapRef:
              name: web-config
      """
    And pod "env-demo" in namespace "restart-policy" is Running within 30s
    And pod "env-demo" in namespace "restart-policy" ran "printenv GREETING" through kubectl exec

  @pv-pvc
  Scenario: PersistentVolumes and their claims are storage that outlives a Pod
    Then the answer is "storage"
