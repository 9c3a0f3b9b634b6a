package dev.aviary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.spec.DeploymentSpec;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.ModelRef;
import dev.aviary.spec.SpecDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The documented examples, run through the engine from version 1 to version 2. */
class ExampleRolloutsTest {

  static SpecDocuments load(String name) throws Exception {
    SpecDocuments docs =
        SpecDocuments.parse(Files.readString(Path.of("..", "examples", "rollouts", name)));
    assertThat(docs.problems()).isEmpty();
    return docs;
  }

  static ModelDeployment withVersion(ModelDeployment md, String version) {
    DeploymentSpec s = md.spec();
    ModelRef m = s.model();
    return new ModelDeployment(
        md.apiVersion(),
        md.kind(),
        md.metadata(),
        new DeploymentSpec(
            new ModelRef(m.name(), version, m.uri()),
            s.replicas(),
            s.server(),
            s.progressDeadlineSeconds(),
            s.strategy()));
  }

  /** Advances time, answering every query with a healthy value, until nothing is left to do. */
  static void runHealthy(Scenario s, double value) {
    for (int i = 0; i < 100 && s.status.inProgress() && s.phase() != Phase.Paused; i++) {
      s.answerAll(value).settle();
      if (s.status.inProgress() && s.phase() != Phase.Paused && s.last.requeueAt() != null) {
        s.waitForRequeue();
      }
    }
  }

  @Test
  void canary_example_walks_every_step_to_the_manual_gate_then_promotes() throws Exception {
    SpecDocuments docs = load("canary.yaml");
    ModelDeployment v2 = docs.deployments().get(0);
    Scenario s = Scenario.fresh(withVersion(v2, "1"), docs.templatesByName());
    s.settle();
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    s.deploy(v2).settle();
    runHealthy(s, 0.01);
    assertThat(s.phase()).isEqualTo(Phase.Paused);
    assertThat(s.status.currentStep()).isEqualTo(6);
    assertThat(s.weightOf("2")).isEqualTo(50);
    assertThat(s.eventReasons()).contains("AnalysisCompleted");
    s.command(n -> new Command.Promote(n, false)).settle();
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    assertThat(s.status.stable().model().version()).isEqualTo("2");
    assertThat(s.topology().weights()).containsOnlyKeys(s.idOf("2"));
    assertThat(s.replicasOf("1")).as("kept warm for an instant undo").isEqualTo(2);
    s.after(java.time.Duration.ofSeconds(31)).settle();
    assertThat(s.topology().revisions()).singleElement();
  }

  @Test
  void canary_example_aborts_on_a_high_error_rate() throws Exception {
    SpecDocuments docs = load("canary.yaml");
    ModelDeployment v2 = docs.deployments().get(0);
    Scenario s = Scenario.fresh(withVersion(v2, "1"), docs.templatesByName());
    s.settle();
    s.deploy(v2).settle();
    for (int i = 0; i < 20 && s.phase() != Phase.Degraded; i++) {
      s.answerAll(0.5).settle();
      if (s.last.requeueAt() != null) {
        s.waitForRequeue();
      }
    }
    assertThat(s.phase()).isEqualTo(Phase.Degraded);
    assertThat(s.weightOf("1")).isEqualTo(100);
    assertThat(s.replicasOf("2")).isZero();
  }

  @Test
  void blue_green_example_switches_after_the_smoke_check_and_auto_promotion_delay()
      throws Exception {
    SpecDocuments docs = load("blue-green.yaml");
    ModelDeployment v3 = docs.deployments().get(0);
    Scenario s = Scenario.fresh(withVersion(v3, "2"), docs.templatesByName());
    s.settle();
    s.deploy(v3).settle();
    assertThat(s.topology().preview().port()).isEqualTo(8081);
    s.answer("smoke", 1).settle();
    assertThat(s.weightOf("3")).isZero();
    s.waitForRequeue(); // autoPromotionSeconds: 60
    assertThat(s.weightOf("3")).isEqualTo(100);
    runHealthy(s, 0.001);
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    s.after(Duration.ofSeconds(120)).settle();
    assertThat(s.replicasOf("2")).isZero();
  }
}
