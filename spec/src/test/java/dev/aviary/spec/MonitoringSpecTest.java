package dev.aviary.spec;

import static dev.aviary.spec.SpecDocumentsTest.parse;
import static dev.aviary.spec.SpecDocumentsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitoringSpecTest {
  private static final String BASE =
      SpecDocumentsTest.HEADER + "  strategy: {canary: {steps: [{setWeight: 50}]}}\n";

  private static Monitoring monitoring(String yaml) {
    SpecDocuments docs = parse(BASE + yaml);
    assertThat(docs.problems()).isEmpty();
    return docs.deployments().get(0).spec().monitoring();
  }

  @Test
  void without_a_monitoring_section_every_alert_is_on_with_its_defaults() {
    Monitoring m = monitoring("");
    assertThat(m.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(m.alerts().errorRate())
        .isEqualTo(new AlertSettings(true, 0.01, Duration.ofMinutes(5), "critical"));
    assertThat(m.alerts().noTraffic().threshold()).isNull();
    assertThat(m.alerts().accuracy().threshold()).isEqualTo(0.8);
    assertThat(m.alerts().rolloutDegraded().duration()).isEqualTo(Duration.ZERO);
  }

  @Test
  void a_setting_given_overrides_only_that_field() {
    Monitoring m =
        monitoring(
            """
              monitoring:
                window: 2m
                alerts:
                  latencyP99: {threshold: 0.25}
                  featureDrift: {enabled: false, severity: info}
            """);
    assertThat(m.window()).isEqualTo(Duration.ofMinutes(2));
    assertThat(m.alerts().latencyP99())
        .isEqualTo(new AlertSettings(true, 0.25, Duration.ofMinutes(5), "warning"));
    assertThat(m.alerts().featureDrift().on()).isFalse();
    assertThat(m.alerts().featureDrift().severity()).isEqualTo("info");
    assertThat(m.alerts().featureDrift().threshold()).isEqualTo(0.2);
  }

  @Test
  void every_problem_is_reported_with_its_path() {
    assertThat(
            problems(
                BASE
                    + """
                  monitoring:
                    window: 10s
                    alerts:
                      errorRate: {threshold: 1.5, duration: 5x}
                      noTraffic: {threshold: 3}
                      crashLooping: {threshold: 2.5}
                      accuracy: {threshold: high, severity: page}
                      featureDrfit: {threshold: 0.3}
                """))
        .anySatisfy(p -> assertThat(p).contains("spec.monitoring.alerts.errorRate.duration"))
        .anySatisfy(p -> assertThat(p).contains("spec.monitoring.alerts.featureDrfit: unknown"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("spec.monitoring.alerts.accuracy.threshold", "must be a number"))
        .anySatisfy(
            p -> assertThat(p).contains("spec.monitoring.alerts.accuracy.severity", "critical"));
    assertThat(
            problems(
                BASE
                    + """
                  monitoring:
                    window: 10s
                    alerts:
                      errorRate: {threshold: 1.5}
                      noTraffic: {threshold: 3}
                      crashLooping: {threshold: 2.5}
                      rolloutDegraded: {duration: -1m}
                """))
        .anySatisfy(p -> assertThat(p).contains("spec.monitoring.window", "at least 30s"))
        .anySatisfy(
            p -> assertThat(p).contains("spec.monitoring.alerts.errorRate.threshold", "ratio"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("spec.monitoring.alerts.noTraffic.threshold", "no threshold"))
        .anySatisfy(
            p -> assertThat(p).contains("spec.monitoring.alerts.crashLooping.threshold", "whole"));
  }
}
