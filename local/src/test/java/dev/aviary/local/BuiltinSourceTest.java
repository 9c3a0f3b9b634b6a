package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.gateway.GatewayStats;
import dev.aviary.spec.MetricProvider;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway-window metrics of the builtin provider, read from a fixed set of figures. */
class BuiltinSourceTest {

  private static final GatewayStats.RevisionWindow CANARY =
      new GatewayStats.RevisionWindow(
          "fraud", "rev-b", 10, 200, 190, Map.of("2xx", 190L, "5xx", 10L), 0.95, 4, 9, 12, 20, 0);

  private final BuiltinSource source =
      new BuiltinSource(
          window -> new GatewayStats(window, List.of(CANARY), List.of()),
          (deployment, revision) -> List.of(),
          new PredictionSampler(HttpClient.newHttpClient(), Clock.systemUTC(), List::of));

  private Measured measure(String metric, String revision) {
    return source.measure(
        new MetricProvider.Builtin(metric, Duration.ofSeconds(60)), "fraud", revision, "rev-a");
  }

  @Test
  void latencyQuantilesComeFromTheWindowInSeconds() {
    assertThat(measure("latencyP50", "rev-b").values()).containsExactly(0.004);
    assertThat(measure("latencyP95", "rev-b").values()).containsExactly(0.012);
    assertThat(measure("latencyP99", "rev-b").values()).containsExactly(0.020);
    assertThat(measure("latencyP95", "rev-b").sampleSize()).isEqualTo(200L);
  }

  @Test
  void errorRateIsTheShareOfServerErrors() {
    assertThat(measure("errorRate", "rev-b").values()[0]).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void aRevisionWithoutFiguresIsAnErrorNotAValue() {
    Measured m = measure("latencyP95", "rev-unknown");
    assertThat(m.error()).contains("no traffic figures for revision rev-unknown");
  }
}
