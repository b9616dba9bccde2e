Feature: beta

  @create-namespace
  Scenario: The namespace beta exists
    Then namespace "beta" is Active
