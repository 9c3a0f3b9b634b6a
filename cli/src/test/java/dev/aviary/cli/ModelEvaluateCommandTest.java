package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.evaluation.BinaryMetrics;
import dev.aviary.evaluation.GatesFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code aviary model evaluate} end to end: the example fraud models in a real SQLite registry,
 * scored by ONNX Runtime on the example data.
 */
class ModelEvaluateCommandTest {
  private static final Path MODELS = Path.of("..", "examples", "fraud", "models");
  private static final String DATA =
      Path.of("..", "examples", "fraud", "data", "sample.csv").toString();

  @TempDir static Path tmp;
  private static String registry;

  @BeforeAll
  static void registerV1toV3() {
    registry = tmp.resolve("state").toString();
    for (int v = 1; v <= 3; v++) {
      Run r =
          run(
              "model",
              "register",
              "fraud",
              "--file",
              MODELS.resolve("v" + v + "/model.onnx").toString(),
              "--registry",
              registry);
      assertThat(r.exit).as(r.err).isZero();
    }
  }

  @Test
  void v2_passesTheDefaultGatesAgainstV1_v3_failsThemAgainstV2() throws Exception {
    Run pass =
        run(
            "model",
            "evaluate",
            "fraud:2",
            "--champion",
            "fraud:1",
            "--data",
            DATA,
            "--label",
            "fraud",
            "--registry",
            registry);
    assertThat(pass.exit).as(pass.out + pass.err).isZero();
    assertThat(pass.out)
        .startsWith("Candidate fraud:2 vs champion fraud:1 on 2000 rows of ")
        .contains("PASSED: all 3 gates passed");

    Path html = tmp.resolve("report.html");
    Run fail =
        run(
            "model",
            "evaluate",
            "fraud:3",
            "--champion",
            "fraud:2",
            "--data",
            DATA,
            "--label",
            "fraud",
            "--registry",
            registry,
            "-o",
            "json",
            "--report",
            html.toString());
    assertThat(fail.exit).as(fail.out + fail.err).isEqualTo(1);
    JsonNode j = new ObjectMapper().readTree(fail.out);
    assertThat(j.path("passed").asBoolean()).isFalse();
    assertThat(j.path("candidate").asText()).isEqualTo("fraud:3");
    assertThat(j.path("mcnemar").path("championOnlyCorrect").asInt())
        .isGreaterThan(j.path("mcnemar").path("candidateOnlyCorrect").asInt());
    assertThat(j.path("gates").findValuesAsText("verdict")).contains("FAIL (significantly worse)");
    assertThat(j.path("latencyMs").path("latencyP99").asDouble()).isPositive();
    String page = Files.readString(html);
    assertThat(page).contains("FAILED: 2 of 3 gates failed").doesNotContain("http");
  }

  @Test
  void theChampionAlias_isTheDefault_andWithoutOneTheComparisonsSayNoChampion() throws Exception {
    String other = tmp.resolve("other").toString();
    Run reg =
        run(
            "model",
            "register",
            "fraud",
            "--file",
            MODELS.resolve("v2/model.onnx").toString(),
            "--registry",
            other);
    assertThat(reg.exit).as(reg.err).isZero();
    Run alone =
        run("model", "evaluate", "fraud", "--data", DATA, "--label", "fraud", "--registry", other);
    assertThat(alone.exit).as(alone.err).isZero();
    assertThat(alone.out).contains(", no champion").contains("pass (no champion)");

    Path gates = Files.writeString(tmp.resolve("g.yaml"), "- metric: recall\n  min: 0.6\n");
    Run recall =
        run(
            "model",
            "evaluate",
            "--file",
            MODELS.resolve("v2/model.onnx").toString(),
            "--data",
            DATA,
            "--label",
            "fraud",
            "--gates",
            gates.toString(),
            "--registry",
            other);
    assertThat(recall.exit).as(recall.err).isEqualTo(1);
    assertThat(recall.out).contains("recall >= 0.6").contains("FAIL");

    run("model", "alias", "fraud", "1", "champion", "--registry", other);
    Run withAlias =
        run(
            "model",
            "evaluate",
            "fraud",
            "--data",
            DATA,
            "--label",
            "fraud",
            "--registry",
            other,
            "-o",
            "json");
    assertThat(new ObjectMapper().readTree(withAlias.out).path("champion").asText())
        .isEqualTo("fraud:1 (fraud@champion)");
  }

  @Test
  void badInput_isExit2WithOneLineNamingTheProblem() throws Exception {
    String v2 = MODELS.resolve("v2/model.onnx").toString();
    assertError(
        run("model", "evaluate", "--file", v2, "--data", DATA, "--label", "is_fraud"),
        "has no column 'is_fraud'");
    Path bad =
        Files.writeString(
            tmp.resolve("bad.csv"),
            Files.readString(Path.of(DATA)).replaceFirst("\n88.79,", "\nabc,"));
    assertError(
        run("model", "evaluate", "--file", v2, "--data", bad.toString(), "--label", "fraud"),
        "bad.csv line 2: column 'amount' is 'abc', expected a number");
    Path fewer = Files.writeString(tmp.resolve("fewer.csv"), "amount,fraud\n1,0\n2,1\n3,0\n4,1\n");
    assertError(
        run("model", "evaluate", "--file", v2, "--data", fewer.toString(), "--label", "fraud"),
        "reads column 'hour_of_day', which the data lacks");
    Path label =
        Files.writeString(
            tmp.resolve("label.csv"),
            Files.readString(Path.of(DATA)).replaceFirst(",0\n", ",yes\n"));
    assertError(
        run("model", "evaluate", "--file", v2, "--data", label.toString(), "--label", "fraud"),
        "line 2: label 'fraud' is 'yes', expected 0 or 1");
    Path gates = Files.writeString(tmp.resolve("bad.yaml"), "- metric: gini\n  min: 0.5\n");
    assertError(
        run(
            "model",
            "evaluate",
            "--file",
            v2,
            "--data",
            DATA,
            "--label",
            "fraud",
            "--gates",
            gates.toString()),
        "gates[0].metric: unknown metric 'gini'");
    assertError(
        run("model", "evaluate", "--file", DATA, "--data", DATA, "--label", "fraud"),
        "is not a readable ONNX model");
    assertError(
        run(
            "model",
            "evaluate",
            "fraud:9",
            "--data",
            DATA,
            "--label",
            "fraud",
            "--registry",
            registry),
        "fraud:9");
  }

  /** What a pipeline's evaluate stage runs: a trained file, before it is registered. */
  @Test
  void aFileForANamedModel_isComparedWithThatModelsChampion() throws Exception {
    String pipeline = tmp.resolve("pipeline").toString();
    String v2 = MODELS.resolve("v2/model.onnx").toString();
    String v3 = MODELS.resolve("v3/model.onnx").toString();
    Run first =
        run(
            "model",
            "evaluate",
            "fraud",
            "--file",
            v2,
            "--data",
            DATA,
            "--label",
            "fraud",
            "--registry",
            pipeline);
    assertThat(first.exit).as(first.err).isZero();
    assertThat(first.out).contains("Candidate " + v2 + ", no champion");

    for (String v : List.of("v1", "v2")) {
      Run reg =
          run(
              "model",
              "register",
              "fraud",
              "--file",
              MODELS.resolve(v + "/model.onnx").toString(),
              "--registry",
              pipeline);
      assertThat(reg.exit).as(reg.err).isZero();
    }
    run("model", "alias", "fraud", "1", "champion", "--registry", pipeline);
    Run good =
        run(
            "model",
            "evaluate",
            "fraud",
            "--file",
            v2,
            "--data",
            DATA,
            "--label",
            "fraud",
            "--registry",
            pipeline,
            "-o",
            "json");
    assertThat(good.exit).as(good.err).isZero();
    assertThat(new ObjectMapper().readTree(good.out).path("champion").asText())
        .isEqualTo("fraud:1 (fraud@champion)");

    run("model", "alias", "fraud", "2", "champion", "--registry", pipeline);
    Run bad =
        run(
            "model",
            "evaluate",
            "fraud",
            "--file",
            v3,
            "--data",
            DATA,
            "--label",
            "fraud",
            "--registry",
            pipeline);
    assertThat(bad.exit).as(bad.err).isEqualTo(1);
    assertThat(bad.out).contains("vs champion fraud:2 (fraud@champion)").contains("FAILED");

    assertError(
        run(
            "model",
            "evaluate",
            "fraud:2",
            "--file",
            v3,
            "--data",
            DATA,
            "--label",
            "fraud",
            "--registry",
            pipeline),
        "with --file, CANDIDATE is the model's NAME (for its champion), was 'fraud:2'");
  }

  @Test
  void theDocumentedGatesFile_isValid() {
    List<DocBlocks.Block> blocks =
        DocBlocks.yaml().stream().filter(b -> b.text().contains("minDeltaVsChampion")).toList();
    assertThat(blocks).isNotEmpty();
    for (DocBlocks.Block b : blocks) {
      assertThat(GatesFile.parse(b.toString(), b.text(), BinaryMetrics.NAMES).gates())
          .as(b.toString())
          .hasSize(4);
    }
  }

  private static void assertError(Run run, String fragment) {
    assertThat(run.exit).as(run.out + run.err).isEqualTo(2);
    assertThat(run.err).startsWith("aviary model evaluate: ").contains(fragment);
    assertThat(run.err.strip()).doesNotContain("\n");
    assertThat(run.out).isEmpty();
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = AviaryCli.commandLine(args);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
