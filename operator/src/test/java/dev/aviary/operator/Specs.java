package dev.aviary.operator;

/** Spec documents for the scenarios. */
final class Specs {
  private Specs() {}

  static String canary(String version, String provider) {
    return """
    apiVersion: aviary.dev/v1alpha1
    kind: ModelDeployment
    metadata: {name: iris}
    spec:
      model: {name: iris, version: "%s", uri: "file:/models/iris-v%s.onnx"}
      replicas: 4
      progressDeadlineSeconds: 120
      server:
        resources: {cpu: 500m, memory: 512Mi}
      strategy:
        canary:
          trafficRouting: {provider: %s}
          steps:
            - shadow: {percent: 30, duration: 1m}
            - setWeight: 25
            - pause: {}
            - setWeight: 50
            - pause: {duration: 1m}
    """
        .formatted(version, version, provider);
  }

  static String blueGreen(String version) {
    return """
    apiVersion: aviary.dev/v1alpha1
    kind: ModelDeployment
    metadata: {name: iris}
    spec:
      model: {name: iris, version: "%s", uri: "file:/models/iris-v%s.onnx"}
      replicas: 2
      strategy:
        blueGreen:
          autoPromotionEnabled: false
          scaleDownDelaySeconds: 300
    """
        .formatted(version, version);
  }

  static String analysed(String version, String prometheusQuery, String address) {
    return """
    apiVersion: aviary.dev/v1alpha1
    kind: ModelDeployment
    metadata: {name: iris}
    spec:
      model: {name: iris, version: "%s", uri: "file:/models/iris-v%s.onnx"}
      replicas: 2
      strategy:
        canary:
          trafficRouting: {provider: gatewayApi}
          steps:
            - setWeight: 50
            - analysis:
                metrics:
                  - name: error-rate
                    provider:
                      prometheus:
                        address: "%s"
                        query: '%s'
                    successCondition: result < 0.05
                    consecutiveErrorLimit: 0
            - setWeight: 100
    """
        .formatted(version, version, address, prometheusQuery);
  }

  /** A canary of the fraud model whose analysis is the builtin prediction drift against stable. */
  static String driftAnalysed(String version) {
    return """
    apiVersion: aviary.dev/v1alpha1
    kind: ModelDeployment
    metadata: {name: fraud}
    spec:
      model: {name: fraud, version: "%s", uri: "file:/models/fraud-v%s.onnx"}
      replicas: 1
      strategy:
        canary:
          trafficRouting: {provider: gatewayApi}
          steps:
            - setWeight: 50
            - analysis:
                metrics:
                  - name: prediction-drift
                    provider:
                      builtin: {metric: predictionDriftPsi, window: 1m}
                    successCondition: result < 0.1
            - setWeight: 100
    """
        .formatted(version, version);
  }

  /**
   * A canary whose timed steps are short enough for tests against the running operator: 25 %, a
   * manual pause, 50 %, a one-second pause.
   */
  static String quickCanary(String name, String version, String provider) {
    return quickCanary(name, version, provider, "1s");
  }

  /** {@link #quickCanary(String, String, String)} with the last (timed) pause this long. */
  static String quickCanary(String name, String version, String provider, String lastPause) {
    return """
    apiVersion: aviary.dev/v1alpha1
    kind: ModelDeployment
    metadata: {name: %s}
    spec:
      model: {name: iris, version: "%s", uri: "file:/models/iris-v%s.onnx"}
      replicas: 4
      progressDeadlineSeconds: 60
      strategy:
        canary:
          trafficRouting: {provider: %s}
          steps:
            - setWeight: 25
            - pause: {}
            - setWeight: 50
            - pause: {duration: %s}
    """
        .formatted(name, version, version, provider, lastPause);
  }
}
