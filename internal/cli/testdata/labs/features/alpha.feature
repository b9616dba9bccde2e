Feature: alpha

  @create-namespace
  Scenario: The namespace alpha exists
    Then namespace "alpha" is Active

  @list-pods
  Scenario: The Pods in alpha were listed
    Then kubectl sent a list request for pods in namespace "alpha"
