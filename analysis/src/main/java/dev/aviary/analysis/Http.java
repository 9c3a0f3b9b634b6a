package dev.aviary.analysis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/** A GET with a deadline; every failure becomes a {@link MeasurementException} naming the URL. */
public final class Http {
  private final HttpClient client;
  private final Duration timeout;

  public Http(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** The body of a 2xx answer; {@code requestTimeout} null means the default. */
  public String get(String url, Map<String, String> headers, Duration requestTimeout)
      throws MeasurementException {
    HttpRequest.Builder b;
    try {
      b =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(requestTimeout == null ? timeout : requestTimeout)
              .GET();
      headers.forEach(b::header);
    } catch (IllegalArgumentException e) {
      throw new MeasurementException("not a valid URL or header for GET " + url, e);
    }
    HttpResponse<String> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new MeasurementException("GET " + url + " timed out", e);
    } catch (IOException e) {
      throw new MeasurementException("GET " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeasurementException("GET " + url + " interrupted", e);
    }
    if (r.statusCode() / 100 != 2) {
      String body = r.body() == null ? "" : r.body();
      throw new MeasurementException(
          "GET "
              + url
              + " answered "
              + r.statusCode()
              + ": "
              + body.substring(0, Math.min(200, body.length())));
    }
    return r.body();
  }
}
