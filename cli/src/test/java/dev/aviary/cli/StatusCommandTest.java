package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
  private static JsonNode deployment(String phase, String pause) throws Exception {
    String pauseField = pause == null ? "" : ",\"pause\":\"" + pause + "\"";
    String status = "{\"phase\":\"" + phase + "\"" + pauseField + "}";
    return new ObjectMapper().readTree("{\"status\":" + status + "}");
  }

  @Test
  void aPauseStepOrAnInconclusiveAnalysisWaitsForPromote() throws Exception {
    assertThat(StatusCommand.pausedUntil(deployment("Paused", "Step"))).isEqualTo("promote");
    assertThat(StatusCommand.pausedUntil(deployment("Paused", "Inconclusive")))
        .isEqualTo("promote");
  }

  @Test
  void aPauseCommandWaitsForResume() throws Exception {
    assertThat(StatusCommand.pausedUntil(deployment("Paused", "Command"))).isEqualTo("resume");
  }

  @Test
  void aRolloutThatMovesOnIsNotPaused() throws Exception {
    assertThat(StatusCommand.pausedUntil(deployment("Progressing", null))).isNull();
    assertThat(StatusCommand.ended(deployment("Progressing", null))).isNull();
    assertThat(StatusCommand.ended(deployment("Healthy", null))).isZero();
  }
}
