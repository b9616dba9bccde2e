Feature: API objects: kinds, groups, versions and their schema

  @api-resources
  Scenario: kubectl asked the API server for its resources
    Then kubectl requested the path "/apis"

  @node-scope
  Scenario: A Node is not namespaced
    Then the answer is "no"

  @explain-pods
  Scenario: kubectl read the schema of the core group
    Then kubectl requested the path "/openapi/v3/api/v1"

  @group-version
  Scenario: kubectl read the schema of the apps group
    Then kubectl requested the path "/openapi/v3/apis/apps/v1"

  @deploy-group
  Scenario: Deployments are served by the apps group
    Then the answer is "apps"
