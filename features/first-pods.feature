Feature: Your first Pods: imperative and declarative

  @setup
  Scenario: The namespace first-pods is the default
    Then namespace "first-pods" is Active
    And the kubeconfig's current namespace is "first-pods"

  @run-web1
  Scenario: A Pod named web1 runs nginx
    Then pod "web1" in namespace "first-pods" has a container with image "nginx"
    And pod "web1" in namespace "first-pods" is Running within 30s

  @apply-manifest
  Scenario: The Pod web was created from nginx.yml and runs
    Then pod "web" in namespace "first-pods" matches:
      """
      spec:
        containers:
        - name: nginx-container
          image: nginx:latest
      """
    And pod "web" in namespace "first-pods" was created from the file "nginx.yml"
    And pod "web" in namespace "first-pods" is Running within 30s

  @client
  Scenario: The Pod client, created from client.yml, runs sleep as its command
    Then pod "client" in namespace "first-pods" matches:
      """
      spec:
        containers:
        - name: client
          image: busybox
          command:
          - sh
          - -c
          - sleep 1000000
      """
    And pod "client" in namespace "first-pods" was created from the file "client.yml"
    And pod "client" in namespace "first-pods" is Running within 30s

  @multi-container
  Scenario: my-pod, created from my-pod.yml, runs two ready containers
    Then pod "my-pod" in namespace "first-pods" was created from the file "my-pod.yml"
    And pod "my-pod" in namespace "first-pods" has 2 ready containers within 30s
