package dev.aviary.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alert notifications on a thread of its own, so that a slow or absent receiver never holds
 * up the platform: a failed post is retried with a doubling delay, and after the last attempt the
 * failure becomes an event.
 */
final class AlertDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Told when a notification could not be delivered after every attempt. */
  interface Failures {
    void gaveUp(String deployment, String receiver, int attempts, String lastError);
  }

  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "aviary-alert-delivery");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Backoff backoff;
  private final int attempts;
  private final Failures failures;

  AlertDelivery(Duration retryBase, int attempts, Failures failures) {
    this.backoff = new Backoff(retryBase, retryBase.multipliedBy(64));
    this.attempts = attempts;
    this.failures = failures;
  }

  /** Queues the post of {@code json} to {@code receiver}; returns at once. */
  void post(String deployment, URI receiver, String json) {
    executor.execute(() -> attempt(deployment, receiver, json, 1));
  }

  private void attempt(String deployment, URI receiver, String json, int attempt) {
    String error;
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(receiver)
                  .timeout(TIMEOUT)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 == 2) {
        return;
      }
      error = "HTTP " + r.statusCode();
    } catch (java.io.IOException e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (attempt >= attempts) {
      LOG.warn("alert notification to {} failed {} times: {}", origin(receiver), attempt, error);
      failures.gaveUp(deployment, origin(receiver), attempt, error);
      return;
    }
    Duration delay = backoff.delay(attempt - 1);
    executor.schedule(
        () -> attempt(deployment, receiver, json, attempt + 1),
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Scheme, host and port only: a webhook's path may be its secret (Slack's are). */
  static String origin(URI u) {
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
