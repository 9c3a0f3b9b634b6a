package dev.aviary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.spec.MetricProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The {@code prometheus} provider: an instant query over the Prometheus HTTP API. */
final class PrometheusSource implements MetricSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String defaultAddress;

  PrometheusSource(HttpClient http, String defaultAddress) {
    this.http = http;
    this.defaultAddress = defaultAddress;
  }

  @Override
  public Measured measure(
      MetricProvider provider, String deployment, String revision, String reference) {
    MetricProvider.Prometheus p = (MetricProvider.Prometheus) provider;
    String address = p.address() != null ? p.address() : defaultAddress;
    if (address == null || address.isBlank()) {
      return Measured.error(
          "no Prometheus address: set provider.prometheus.address or start the platform with"
              + " --prometheus-url");
    }
    Measured value = query(address, p.query().replace("{{revision}}", revision));
    if (value.failed() || p.sampleSizeQuery() == null) {
      return value;
    }
    Measured size = query(address, p.sampleSizeQuery().replace("{{revision}}", revision));
    if (size.failed()) {
      return Measured.error("sampleSizeQuery: " + size.error());
    }
    Long n =
        size.values().length == 0 || Double.isNaN(size.values()[0])
            ? 0L
            : Math.round(size.values()[0]);
    return new Measured(value.values(), n, null);
  }

  Measured query(String address, String promql) {
    String url =
        address.replaceAll("/+$", "")
            + "/api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> resp =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode root;
      try {
        root = JSON.readTree(resp.body());
      } catch (IOException e) {
        return Measured.error(
            "Prometheus at " + address + " answered " + resp.statusCode() + " without JSON");
      }
      if (!"success".equals(root.path("status").asText())) {
        return Measured.error(
            "Prometheus query failed ("
                + resp.statusCode()
                + "): "
                + root.path("errorType").asText("")
                + " "
                + root.path("error").asText(""));
      }
      JsonNode data = root.path("data");
      JsonNode result = data.path("result");
      switch (data.path("resultType").asText()) {
        case "scalar" -> {
          return Measured.of(Double.parseDouble(result.path(1).asText()), null);
        }
        case "vector" -> {
          double[] out = new double[result.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(result.get(i).path("value").path(1).asText());
          }
          return out.length == 1 ? Measured.of(out[0], null) : Measured.vector(out, null);
        }
        default -> {
          return Measured.error(
              "Prometheus result type '"
                  + data.path("resultType").asText()
                  + "' is not supported; use an instant vector or scalar query");
        }
      }
    } catch (IOException e) {
      return Measured.error(
          "Prometheus at " + address + " is unreachable: " + WebSource.describe(e));
    } catch (NumberFormatException e) {
      return Measured.error("Prometheus returned a value that is not a number");
    } catch (IllegalArgumentException e) {
      return Measured.error("bad Prometheus address " + address + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Measured.error("interrupted");
    }
  }
}
