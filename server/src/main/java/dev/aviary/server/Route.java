package dev.aviary.server;

/** What a request is for, decided from its method and path alone. */
sealed interface Route {
  /** The route template, a bounded label for metrics and logs. */
  String template();

  record Liveness(String template) implements Route {}

  record Readiness(String template) implements Route {}

  record Metrics() implements Route {
    @Override
    public String template() {
      return "/metrics";
    }
  }

  record ServerMetadata() implements Route {
    @Override
    public String template() {
      return "/v2";
    }
  }

  /** {@code version} is null when the path names none (the newest answers). */
  record ModelMetadata(String model, String version, String template) implements Route {}

  record ModelReady(String model, String version, String template) implements Route {}

  record Infer(String model, String version, String template) implements Route {}

  record Predict(String model, String version, String template) implements Route {}

  /** {@code GET .../monitor}: the live window compared with the training baseline. */
  record Monitor(String model, String version, String template) implements Route {}

  /** {@code POST .../feedback}: true labels of earlier inference requests. */
  record Feedback(String model, String version, String template) implements Route {}

  record NotFound() implements Route {
    @Override
    public String template() {
      return "unmatched";
    }
  }

  record MethodNotAllowed(String allow, String template) implements Route {}
}
