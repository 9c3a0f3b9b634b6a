package dev.aviary.spec;

import dev.aviary.spec.Field.Default;
import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Key;
import dev.aviary.spec.Field.Pattern;
import dev.aviary.spec.Field.Range;
import dev.aviary.spec.Field.Required;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Where a measurement comes from. String fields may use {@code {{args.NAME}}}. */
public sealed interface MetricProvider {

  /** Names of the statistics the platform itself keeps per revision. */
  List<String> BUILTIN_METRICS =
      List.of(
          "errorRate",
          "successRate",
          "requestRate",
          "latencyP50",
          "latencyP95",
          "latencyP99",
          "mirrorMismatchRate",
          "predictionDriftPsi",
          "predictionDriftJs",
          "featureDrift",
          "datasetDriftShare",
          "accuracy");

  /** A statistic the gateway and servers keep per revision. */
  @Key("builtin")
  @Doc("A statistic kept by the Aviary gateway and servers per revision.")
  record Builtin(
      @Required
          @Doc(
              "One of errorRate, successRate, requestRate, latencyP50, latencyP95, latencyP99,"
                  + " mirrorMismatchRate, predictionDriftPsi, predictionDriftJs, featureDrift,"
                  + " datasetDriftShare, accuracy.")
          String metric,
      @Default("1m") @Doc("Window the statistic covers.") Duration window)
      implements MetricProvider {}

  /** A PromQL query; {@code {{revision}}} is replaced by the revision id. */
  @Key("prometheus")
  @Doc("A PromQL instant query; {{revision}} is replaced by the measured revision's id.")
  record Prometheus(
      @Doc("Prometheus base URL; the backend's default when absent.") String address,
      @Required @Doc("PromQL query.") String query,
      @Doc("Optional PromQL query giving the number of requests the measurement covers.")
          String sampleSizeQuery)
      implements MetricProvider {}

  /** An HTTP GET returning JSON; a field selects the value. */
  @Key("web")
  @Doc("HTTP GET returning JSON; jsonPath selects the value.")
  record Web(
      @Required
          @Pattern(regex = "^https?://.+$", expected = "an http:// or https:// URL")
          @Doc("URL to GET.")
          String url,
      @Doc("Request headers.") Map<String, String> headers,
      @Default("$") @Doc("Dotted path to the value, e.g. $.data.errorRate.") String jsonPath,
      @Default("10") @Range(min = 1, max = 600) @Doc("Request timeout in seconds.")
          int timeoutSeconds)
      implements MetricProvider {
    public Web {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
  }
}
