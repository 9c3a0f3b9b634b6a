package dev.aviary.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code prometheus} provider: PromQL instant queries over the Prometheus HTTP API ({@code
 * /api/v1/query}). A vector of one sample gives a number, of several a vector, of none an empty
 * vector (Inconclusive); a scalar gives a number. {@link Placeholders} are filled in the address,
 * the query and the sample-size query.
 */
public final class PrometheusSource implements MetricSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String defaultAddress;
  private final Http http;

  /**
   * @param defaultAddress the backend's Prometheus (its {@code --prometheus-url}), null for none
   */
  public PrometheusSource(String defaultAddress, Duration timeout) {
    this.defaultAddress = defaultAddress;
    this.http = new Http(timeout);
  }

  @Override
  public Sample measure(MetricProvider provider, Target target) throws MeasurementException {
    MetricProvider.Prometheus p = (MetricProvider.Prometheus) provider;
    String address = p.address() != null ? Placeholders.fill(p.address(), target) : defaultAddress;
    if (address == null || address.isBlank()) {
      throw new MeasurementException(
          "no Prometheus address: set provider.prometheus.address, or start the platform or the"
              + " operator with --prometheus-url");
    }
    Value value = query(address, Placeholders.fill(p.query(), target));
    Long sampleSize = null;
    if (p.sampleSizeQuery() != null) {
      Value n;
      try {
        n = query(address, Placeholders.fill(p.sampleSizeQuery(), target));
      } catch (MeasurementException e) {
        throw new MeasurementException("sampleSizeQuery: " + e.getMessage(), e);
      }
      sampleSize =
          n instanceof Value.Scalar s && Double.isFinite(s.value()) ? Math.round(s.value()) : 0L;
    }
    return new Sample(value, sampleSize);
  }

  private Value query(String address, String promql) throws MeasurementException {
    String base = address.replaceAll("/+$", "");
    String url = base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    String body = http.get(url, Map.of("Accept", "application/json"), null);
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      throw new MeasurementException("Prometheus at " + base + " did not answer JSON", e);
    }
    if (root == null || !"success".equals(root.path("status").asText())) {
      throw new MeasurementException(
          "Prometheus query failed: "
              + (root == null ? "" : root.path("errorType").asText(""))
              + " "
              + (root == null ? body : root.path("error").asText(body)));
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    switch (type) {
      case "scalar":
        return Value.of(number(result.path(1)));
      case "vector":
        double[] xs = new double[result.size()];
        for (int i = 0; i < xs.length; i++) {
          xs[i] = number(result.get(i).path("value").path(1));
        }
        return xs.length == 1 ? Value.of(xs[0]) : Value.of(xs);
      default:
        throw new MeasurementException(
            "Prometheus answered a "
                + (type.isEmpty() ? "result without a type" : type)
                + "; the query must give a scalar or an instant vector");
    }
  }

  private static double number(JsonNode n) throws MeasurementException {
    if (!n.isTextual()) {
      throw new MeasurementException("Prometheus sample has no value");
    }
    try {
      return Numbers.parse(n.asText());
    } catch (NumberFormatException e) {
      throw new MeasurementException("Prometheus sample value is not a number: " + n.asText());
    }
  }
}
