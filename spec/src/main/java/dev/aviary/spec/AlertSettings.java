package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Pattern;
import java.time.Duration;

/** One alert's settings; absent fields take the alert's defaults (see the spec reference). */
public record AlertSettings(
    @Doc("false turns the alert off.") Boolean enabled,
    @Doc("The alert's threshold; its meaning and unit depend on the alert.") Double threshold,
    @Doc("How long the condition must hold before the alert fires (Prometheus' for).")
        Duration duration,
    @Pattern(regex = "^(critical|warning|info)$", expected = "critical, warning or info")
        @Doc("Severity label of the alert: critical, warning or info.")
        String severity) {

  /** This alert's settings with every absent field taken from {@code defaults}. */
  AlertSettings orElse(AlertSettings defaults) {
    return new AlertSettings(
        enabled == null ? defaults.enabled : enabled,
        threshold == null ? defaults.threshold : threshold,
        duration == null ? defaults.duration : duration,
        severity == null ? defaults.severity : severity);
  }

  static AlertSettings of(Double threshold, Duration duration, String severity) {
    return new AlertSettings(true, threshold, duration, severity);
  }

  /** True unless turned off. */
  public boolean on() {
    return !Boolean.FALSE.equals(enabled);
  }
}
