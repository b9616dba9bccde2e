Feature: API objects: kinds, groups, versions and their schema

  # TODO(precise): a question: "is a Node namespaced?" (key: no), and "which group serves Deployments?" (key: apps).
  @api-resources
  Scenario: kubectl asked the API server for its resources
    Then kubectl requested the path "/apis"

  @explain-pods
  Scenario: kubectl read the schema of the core group
    Then kubectl requested the path "/openapi/v3/api/v1"

  @group-version
  Scenario: kubectl read the schema of the apps group
    Then kubectl requested the path "/openapi/v3/apis/apps/v1"
