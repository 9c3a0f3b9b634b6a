package dev.aviary.local;

import java.net.URI;
import java.time.Duration;

/**
 * Where {@code aviary up} sends the alerts it evaluates; any of them may be null.
 *
 * @param webhook receives Alertmanager's webhook JSON (version 4)
 * @param slack a Slack incoming webhook
 * @param alertmanager an Alertmanager, whose {@code /api/v2/alerts} receives the alerts
 * @param interval time between two evaluations of the rules
 * @param retryBase first delay before a failed delivery is retried (doubling each time)
 * @param attempts deliveries tried before giving up with an event
 */
public record AlertReceivers(
    URI webhook, URI slack, URI alertmanager, Duration interval, Duration retryBase, int attempts) {

  public static final AlertReceivers NONE = of(null, null, null);

  public static AlertReceivers of(URI webhook, URI slack, URI alertmanager) {
    return new AlertReceivers(
        webhook, slack, alertmanager, Duration.ofSeconds(15), Duration.ofSeconds(1), 5);
  }

  public AlertReceivers withTiming(Duration interval, Duration retryBase, int attempts) {
    return new AlertReceivers(webhook, slack, alertmanager, interval, retryBase, attempts);
  }
}
