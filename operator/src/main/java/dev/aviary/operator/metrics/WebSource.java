package dev.aviary.operator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP GET returning JSON; the dotted {@code jsonPath} ($.a.b, $.items.0) picks the value. */
public final class WebSource implements MetricSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Http http;

  public WebSource(Duration connectTimeout) {
    this.http = new Http(connectTimeout);
  }

  @Override
  public Sample measure(MetricProvider provider, Target target) throws MeasurementException {
    MetricProvider.Web w = (MetricProvider.Web) provider;
    Map<String, String> headers = new LinkedHashMap<>();
    w.headers().forEach((k, v) -> headers.put(k, Placeholders.fill(v, target)));
    String url = Placeholders.fill(w.url(), target);
    String body = http.get(url, headers, Duration.ofSeconds(w.timeoutSeconds()));
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (Exception e) {
      throw new MeasurementException("GET " + url + " did not answer JSON", e);
    }
    String path = w.jsonPath() == null ? "$" : w.jsonPath();
    for (String part : path.replaceFirst("^\\$\\.?", "").split("\\.")) {
      if (part.isEmpty()) {
        continue;
      }
      node =
          node.isArray() && part.matches("\\d+")
              ? node.path(Integer.parseInt(part))
              : node.path(part);
    }
    if (node.isNumber()) {
      return new Sample(Value.of(node.asDouble()), null);
    }
    if (node.isTextual()) {
      try {
        return new Sample(Value.of(Double.parseDouble(node.asText())), null);
      } catch (NumberFormatException e) {
        throw new MeasurementException(path + " in the answer of " + url + " is not a number");
      }
    }
    if (node.isArray()) {
      double[] xs = new double[node.size()];
      for (int i = 0; i < xs.length; i++) {
        if (!node.get(i).isNumber()) {
          throw new MeasurementException(
              path + "[" + i + "] in the answer of " + url + " is not a number");
        }
        xs[i] = node.get(i).asDouble();
      }
      return new Sample(Value.of(xs), null);
    }
    throw new MeasurementException(
        path
            + " in the answer of "
            + url
            + (node.isMissingNode() ? " is missing" : " is not a number"));
  }
}
