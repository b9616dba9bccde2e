Feature: gamma

  @create-namespace
  Scenario: The namespace gamma exists
    Then namespace "gamma" is Active
    And the namespace gamma is very pretty

  @no-such-step
  Scenario: A scenario of no step
    Then namespace "gamma" is Active
