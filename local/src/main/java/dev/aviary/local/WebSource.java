package dev.aviary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.spec.MetricProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The {@code web} provider: GET a URL, pick a JSON field with a dotted path. */
final class WebSource implements MetricSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;

  WebSource(HttpClient http) {
    this.http = http;
  }

  @Override
  public Measured measure(
      MetricProvider provider, String deployment, String revision, String reference) {
    MetricProvider.Web web = (MetricProvider.Web) provider;
    String url = web.url().replace("{{revision}}", revision);
    try {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(web.timeoutSeconds()))
              .header("Accept", "application/json");
      web.headers().forEach(req::header);
      HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() / 100 != 2) {
        return Measured.error("GET " + url + " answered " + resp.statusCode());
      }
      JsonNode root;
      try {
        root = JSON.readTree(resp.body());
      } catch (IOException e) {
        return Measured.error("GET " + url + " did not return JSON");
      }
      return JsonValues.pick(root, web.jsonPath(), url);
    } catch (IOException e) {
      return Measured.error("GET " + url + " failed: " + describe(e));
    } catch (IllegalArgumentException e) {
      return Measured.error("bad URL " + url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Measured.error("interrupted");
    }
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
