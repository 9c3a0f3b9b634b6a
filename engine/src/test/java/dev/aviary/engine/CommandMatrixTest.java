package dev.aviary.engine;

import static dev.aviary.engine.Specs.analysis;
import static dev.aviary.engine.Specs.blueGreen;
import static dev.aviary.engine.Specs.canary;
import static dev.aviary.engine.Specs.metric;
import static dev.aviary.engine.Specs.pause;
import static dev.aviary.engine.Specs.pauseUntilPromoted;
import static dev.aviary.engine.Specs.setWeight;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every command in every phase of both strategies, and the phase it leads to. */
class CommandMatrixTest {

  @ParameterizedTest(name = "{1} while {0} -> {2}")
  @CsvSource({
    // canary, at a timed pause
    "canary-progressing, promote,     Progressing",
    "canary-progressing, promoteFull, Healthy",
    "canary-progressing, abort,       Degraded",
    "canary-progressing, retry,       Progressing",
    "canary-progressing, undo,        Healthy",
    "canary-progressing, pause,       Paused",
    "canary-progressing, resume,      Progressing",
    // canary, at a pause step without duration
    "canary-paused,      promote,     Progressing",
    "canary-paused,      promoteFull, Healthy",
    "canary-paused,      abort,       Degraded",
    "canary-paused,      retry,       Paused",
    "canary-paused,      undo,        Healthy",
    "canary-paused,      pause,       Paused",
    "canary-paused,      resume,      Paused",
    // canary, paused by an Inconclusive analysis
    "canary-inconclusive, promote,     Progressing",
    "canary-inconclusive, promoteFull, Healthy",
    "canary-inconclusive, abort,       Degraded",
    "canary-inconclusive, retry,       Paused",
    "canary-inconclusive, undo,        Healthy",
    "canary-inconclusive, pause,       Paused",
    "canary-inconclusive, resume,      Progressing",
    // canary done: revision 2 stable
    "canary-healthy,     promote,     Healthy",
    "canary-healthy,     promoteFull, Healthy",
    "canary-healthy,     abort,       Healthy",
    "canary-healthy,     retry,       Healthy",
    "canary-healthy,     undo,        Progressing",
    "canary-healthy,     pause,       Healthy",
    "canary-healthy,     resume,      Healthy",
    // canary aborted
    "canary-degraded,    promote,     Degraded",
    "canary-degraded,    promoteFull, Degraded",
    "canary-degraded,    abort,       Degraded",
    "canary-degraded,    retry,       Paused",
    "canary-degraded,    undo,        Healthy",
    "canary-degraded,    pause,       Degraded",
    "canary-degraded,    resume,      Degraded",
    // blue/green waiting at the manual gate
    "bg-paused,          promote,     Progressing",
    "bg-paused,          promoteFull, Healthy",
    "bg-paused,          abort,       Degraded",
    "bg-paused,          retry,       Paused",
    "bg-paused,          undo,        Healthy",
    "bg-paused,          pause,       Paused",
    "bg-paused,          resume,      Paused",
    // blue/green switched, post-promotion analysis running
    "bg-post,            promote,     Progressing",
    "bg-post,            promoteFull, Healthy",
    "bg-post,            abort,       Degraded",
    "bg-post,            retry,       Progressing",
    "bg-post,            undo,        Healthy",
    "bg-post,            pause,       Paused",
    "bg-post,            resume,      Progressing",
    // blue/green done, old revision still inside the rollback window
    "bg-healthy,         promote,     Healthy",
    "bg-healthy,         abort,       Healthy",
    "bg-healthy,         undo,        Healthy",
    "bg-healthy,         pause,       Healthy",
  })
  void command_in_phase_leads_to(String state, String command, Phase expected) {
    Scenario s = state(state);
    Revision stableBefore = s.status.stable();
    s.command(command(command)).settle();
    assertThat(s.phase()).as(s.status.message()).isEqualTo(expected);
    assertThat(s.topology().weights().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(100);
    if (state.equals("bg-healthy") && command.equals("undo")) {
      assertThat(s.status.stable()).isNotEqualTo(stableBefore);
      assertThat(s.weightOf("1")).isEqualTo(100);
    }
  }

  private static Scenario state(String name) {
    Scenario s;
    switch (name) {
      case "canary-progressing" -> {
        s =
            Scenario.stableAt(
                "1",
                2,
                canary(setWeight(20), pause(ofMinutes(10)), setWeight(50), pause(ofMinutes(10))));
        s.deploy("2").settle();
      }
      case "canary-paused" -> {
        s =
            Scenario.stableAt(
                "1",
                2,
                canary(setWeight(20), pauseUntilPromoted(), setWeight(50), pause(ofMinutes(10))));
        s.deploy("2").settle();
      }
      case "canary-inconclusive" -> {
        s =
            Scenario.stableAt(
                "1",
                2,
                canary(
                    setWeight(20),
                    analysis(metric("m").success("result < 1").failure("result > 2").build()),
                    pause(ofMinutes(10))));
        s.deploy("2").settle();
        s.answer("m", 1.5).settle();
      }
      case "canary-healthy" -> {
        s = Scenario.stableAt("1", 2, canary(setWeight(20), pause(ofMinutes(10))));
        s.deploy("2").settle();
        s.waitForRequeue();
      }
      case "canary-degraded" -> {
        s = Scenario.stableAt("1", 2, canary(setWeight(20), pauseUntilPromoted()));
        s.deploy("2").settle();
        s.command(Command.Abort::new).settle();
      }
      case "bg-paused" -> {
        s =
            Scenario.stableAt(
                "1",
                2,
                blueGreen()
                    .manualPromotion()
                    .post(metric("m").success("result < 1").every(ofMinutes(1), 3).build())
                    .build());
        s.deploy("2").settle();
      }
      case "bg-post" -> {
        s =
            Scenario.stableAt(
                "1",
                2,
                blueGreen()
                    .post(metric("m").success("result < 1").every(ofMinutes(1), 3).build())
                    .build());
        s.deploy("2").settle();
      }
      case "bg-healthy" -> {
        s = Scenario.stableAt("1", 2, blueGreen().scaleDownDelaySeconds(600).build());
        s.deploy("2").settle();
      }
      default -> throw new IllegalArgumentException(name);
    }
    return s;
  }

  private static LongFunction<Command> command(String name) {
    return switch (name) {
      case "promote" -> n -> new Command.Promote(n, false);
      case "promoteFull" -> n -> new Command.Promote(n, true);
      case "abort" -> Command.Abort::new;
      case "retry" -> Command.Retry::new;
      case "undo" -> n -> new Command.Undo(n, null);
      case "pause" -> Command.Pause::new;
      case "resume" -> Command.Resume::new;
      default -> throw new IllegalArgumentException(name);
    };
  }
}
