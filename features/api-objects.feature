Feature: API objects: kinds, groups, versions and their schema

  @api-resources
  Scenario: The learner counted the cluster-scoped resources kubectl api-resources lists
    Then the answer is the number of cluster-scoped resources the API server serves

  @node-scope
  Scenario: A Node is not namespaced
    Then the answer is "no"

  @explain-pods
  Scenario: kubectl read the schema of the core group, and the learner found the required field of a container
    Then kubectl requested the path "/openapi/v3/api/v1"
    And the answer is "name"

  @group-version
  Scenario: kubectl read the schema of the apps group, and the learner found the type of a Deployment's spec
    Then kubectl requested the path "/openapi/v3/apis/apps/v1"
    And the answer is one of "DeploymentSpec", "<DeploymentSpec>"

  @deploy-group
  Scenario: Deployments are served by the apps group
    Then the answer is "apps"
