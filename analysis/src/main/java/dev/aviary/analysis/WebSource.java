package dev.aviary.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.spec.MetricProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code web} provider: an HTTP GET answering JSON, from which {@link JsonPath} picks the
 * value. {@link Placeholders} are filled in the URL and the header values.
 */
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
    headers.put("Accept", "application/json");
    w.headers().forEach((k, v) -> headers.put(k, Placeholders.fill(v, target)));
    String url = Placeholders.fill(w.url(), target);
    String body = http.get(url, headers, Duration.ofSeconds(w.timeoutSeconds()));
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      throw new MeasurementException("GET " + url + " did not answer JSON", e);
    }
    if (root == null) {
      throw new MeasurementException("GET " + url + " answered an empty body, not JSON");
    }
    return new Sample(JsonPath.pick(root, w.jsonPath(), url), null);
  }
}
