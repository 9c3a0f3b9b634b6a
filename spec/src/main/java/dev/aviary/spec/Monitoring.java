package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import java.time.Duration;

/**
 * What is watched in production and when a person is told: the alert rules that {@code aviary
 * monitor rules} writes for Prometheus and that {@code aviary up} evaluates itself. A later {@code
 * retrain} section sits beside {@code alerts}.
 */
public record Monitoring(
    @Doc("Window of the rates, ratios and quantiles the alerts look at; default 5m.")
        Duration window,
    @Doc("The alerts; each may be tuned or disabled, absent fields keep their defaults.")
        Alerts alerts) {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  public static final Monitoring DEFAULT = new Monitoring(null, null);

  public Monitoring {
    window = window == null ? DEFAULT_WINDOW : window;
    alerts = alerts == null ? Alerts.DEFAULT : alerts;
  }
}
