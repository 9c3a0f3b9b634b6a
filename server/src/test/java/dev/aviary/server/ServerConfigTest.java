package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static final ModelSource REPO = new ModelSource.Repository(Path.of("models"));

  @Test
  void defaultsSuitAServerOnAWorkstation() {
    ServerConfig c = ServerConfig.builder(REPO).build();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.drainDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.faultsEnabled()).isFalse();
    assertThat(c.intraOpThreads()).isEqualTo(1);
    assertThat(c.interOpThreads()).isZero();
    assertThat(c.graphOptimization()).isEqualTo(GraphOptimization.ALL);
    assertThat(c.inlineBelow()).isZero();
    assertThat(c.eventLoops()).isZero();
  }

  @Test
  void graphOptimizationLevelsAreParsedByNameAndUnknownOnesListTheChoices() {
    assertThat(GraphOptimization.parse("Basic")).isEqualTo(GraphOptimization.BASIC);
    assertThat(GraphOptimization.parse(" none ")).isEqualTo(GraphOptimization.NONE);
    assertThatThrownBy(() -> GraphOptimization.parse("max"))
        .hasMessage("graph optimization 'max' is unknown; use none, basic, extended or all");
  }

  @Test
  void theShutdownTimeoutMustExceedTheDrainDelay() {
    assertThatThrownBy(
            () ->
                ServerConfig.builder(REPO)
                    .drainDelay(Duration.ofSeconds(10))
                    .shutdownTimeout(Duration.ofSeconds(10))
                    .build())
        .hasMessage("shutdown timeout (10s) must be longer than the drain delay (10s)");
  }

  @Test
  void rejectsOutOfRangeValuesNamingTheSetting() {
    assertThatThrownBy(() -> ServerConfig.builder(REPO).port(70000).build())
        .hasMessage("port must be 0..65535, got 70000");
    assertThatThrownBy(() -> ServerConfig.builder(REPO).faultErrorRate(1.5).build())
        .hasMessage("fault error rate must be 0..1, got 1.5");
    assertThatThrownBy(() -> ServerConfig.builder(REPO).faultErrorRate(Double.NaN).build())
        .hasMessageStartingWith("fault error rate must be 0..1");
    assertThatThrownBy(() -> ServerConfig.builder(REPO).maxRequestBytes(10).build())
        .hasMessage("max request bytes must be at least 1024, got 10");
    assertThatThrownBy(() -> ServerConfig.builder(REPO).interOpThreads(-1).build())
        .hasMessage("inter-op threads must be 0 (sequential) or more");
    assertThatThrownBy(() -> ServerConfig.builder(REPO).inlineBelow(Duration.ofMillis(-1)).build())
        .hasMessage("inline-below duration must be zero or positive");
  }

  @Test
  void modelNamesAndVersionsAreCheckedForSingleModels() {
    assertThatThrownBy(() -> new ModelSource.SingleModel(Path.of("m.onnx"), "a/b", "1"))
        .hasMessageStartingWith("model name 'a/b' is invalid");
    assertThat(new ModelSource.SingleModel(Path.of("m.onnx"), "fraud-v2", "1.0.3").version())
        .isEqualTo("1.0.3");
  }
}
