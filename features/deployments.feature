Feature: Deployments: replicas, rollouts and rollbacks

  @create
  Scenario: Deployment web runs three replicas of nginx:1.27
    Then namespace "deployments" is Active
    And deployment "web" in namespace "deployments" matches:
      """
      spec:
        replicas: 3
        template:
          spec:
            containers: !contains
            - image: nginx:1.27
      """
    And every pod of deployment "web" in namespace "deployments" has a container with image "nginx:1.27" within 30s
    And 3 pods of deployment "web" in namespace "deployments" are ready within 90s
    And deployment "web" in namespace "deployments" is rolled out within 90s

  @scale
  Scenario: Deployment web was scaled to five replicas, still at revision 1
    Then deployment "web" in namespace "deployments" matches:
      """
      spec:
        replicas: 5
      """
    And 5 pods of deployment "web" in namespace "deployments" are ready within 90s
    And deployment "web" in namespace "deployments" is rolled out within 90s
    And deployment "web" in namespace "deployments" is at revision 1
    And deployment "web" in namespace "deployments" was changed by kubectl, not made again

  @set-image
  Scenario: Deployment web rolled out nginx:1.28 and the rollout was watched
    Then deployment "web" in namespace "deployments" matches:
      """
      spec:
        template:
          spec:
            containers:
            - name: nginx
              image: nginx:1.28
      """
    And deployment "web" in namespace "deployments" is rolled out within 120s
    And every pod of deployment "web" in namespace "deployments" has a container with image "nginx:1.28" within 60s
    And 5 pods of deployment "web" in namespace "deployments" are ready within 60s
    And kubectl watched the rollout of deployment "web" in namespace "deployments"
    And deployment "web" in namespace "deployments" was changed by kubectl, not made again

  @bad-rollout
  Scenario: A rollout of a tag that does not exist is stuck pulling its image
    Then deployment "web" in namespace "deployments" satisfies:
      """
      self.spec.template.spec.containers.exists(c, c.image == 'nginx:1.299')
      """
    And a pod of deployment "web" in namespace "deployments" cannot pull its image within 90s

  @undo
  Scenario: kubectl rollout undo took Deployment web back to nginx:1.28
    Then deployment "web" in namespace "deployments" was rolled back with kubectl rollout undo
    And deployment "web" in namespace "deployments" is rolled out within 120s
    And kubectl watched the rollout of deployment "web" in namespace "deployments"
    And every pod of deployment "web" in namespace "deployments" has a container with image "nginx:1.28" within 60s
    And 5 pods of deployment "web" in namespace "deployments" are ready within 60s

  @configmap-env
  Scenario: The Pods of web read GREETING from the ConfigMap web-config, seen through exec
    Then configmap "web-config" in namespace "deployments" matches:
      """
      data:
        GREETING: hello
      """
    And deployment "web" in namespace "deployments" satisfies:
      """
      // GREETING comes from the ConfigMap web-config: one key (env) or all of them (envFrom)
      self.spec.template.spec.containers.exists(c,
        (has(c.env) && c.env.exists(e, e.name == 'GREETING' && has(e.valueFrom) &&
          has(e.valueFrom.configMapKeyRef) && e.valueFrom.configMapKeyRef.name == 'web-config')) ||
        (has(c.envFrom) && c.envFrom.exists(f, has(f.configMapRef) && f.configMapRef.name == 'web-config')))
      """
    And deployment "web" in namespace "deployments" is rolled out within 120s
    And kubectl executed the command "printenv" in a pod of deployment "web" in namespace "deployments"

  @delete-pod
  Scenario: A deleted Pod of web was replaced by its ReplicaSet
    Then kubectl deleted a pod of deployment "web" in namespace "deployments"
    And a deleted pod of deployment "web" in namespace "deployments" was replaced within 90s
    And 5 pods of deployment "web" in namespace "deployments" are ready within 60s
