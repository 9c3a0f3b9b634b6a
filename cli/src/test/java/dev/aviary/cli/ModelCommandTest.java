package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code aviary model ...} against a real SQLite registry and the example fraud models. */
class ModelCommandTest {
  private static final Path MODELS = Path.of("..", "examples", "fraud", "models");
  private static final String V1 = MODELS.resolve("v1/model.onnx").toString();
  private static final String V2 = MODELS.resolve("v2/model.onnx").toString();

  @TempDir Path tmp;
  private String registry;

  @BeforeEach
  void registryDir() {
    registry = tmp.resolve("state").toString();
  }

  @Test
  void register_thenGetByAlias_showsSignatureMetricsAndLineage() throws Exception {
    Path metrics =
        Files.writeString(tmp.resolve("m.json"), "{\"auc\": 0.886, \"by\": {\"f1\": 0.2}}");
    Path data = Files.writeString(tmp.resolve("train.csv"), "amount,is_fraud\n1,0\n");

    Run reg =
        run(
            "model",
            "register",
            "fraud",
            "--file",
            V1,
            "--metrics",
            metrics.toString(),
            "--data",
            data.toString(),
            "--param",
            "epochs=2",
            "--tag",
            "team=risk",
            "--alias",
            "champion",
            "--git-commit",
            "0123abc",
            "--trained-by",
            "aviary train",
            "--registry",
            registry);
    assertThat(reg.exit).as(reg.err).isZero();
    assertThat(reg.out).startsWith("registered fraud:1 (sha256 ").contains("alias champion");

    Run get = run("model", "get", "fraud@champion", "-o", "json", "--registry", registry);
    assertThat(get.exit).as(get.err).isZero();
    JsonNode v = new ObjectMapper().readTree(get.out);
    assertThat(v.path("ref").asText()).isEqualTo("fraud:1");
    assertThat(v.path("metrics").path("auc").asDouble()).isEqualTo(0.886);
    assertThat(v.path("metrics").path("by.f1").asDouble()).isEqualTo(0.2);
    assertThat(v.path("params").path("epochs").asText()).isEqualTo("2");
    assertThat(v.path("signature").path("inputs").get(0).path("datatype").asText())
        .isEqualTo("FP32");
    JsonNode lineage = v.path("lineage");
    assertThat(lineage.path("gitCommit").asText()).isEqualTo("0123abc");
    assertThat(lineage.path("dataUri").asText()).isEqualTo(data.toUri().toString());
    assertThat(lineage.path("dataSha256").asText()).hasSize(64);
    assertThat(lineage.path("trainedBy").asText()).isEqualTo("aviary train");
    assertThat(lineage.path("createdBy").asText()).isEqualTo(System.getProperty("user.name"));

    Run table = run("model", "get", "fraud:1", "--registry", registry);
    assertThat(table.out).contains("Aliases:     champion").contains("Git commit:  0123abc");
  }

  @Test
  void register_detectsTheGitCommitOfTheWorkingTree() {
    Run reg = run("model", "register", "fraud", "--file", V1, "-o", "json", "--registry", registry);
    assertThat(reg.exit).as(reg.err).isZero();
    // the tests run inside the project's own working tree
    assertThat(reg.out).containsPattern("\"gitCommit\" : \"[0-9a-f]{40}\"");
    assertThat(reg.out).containsPattern("\"gitDirty\" : (true|false)");
  }

  @Test
  void structuredOutputIsTheOnlyThingOnStandardOutput() throws Exception {
    java.io.PrintStream original = System.out;
    java.io.ByteArrayOutputStream stray = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(stray, true, "UTF-8"));
    Run list;
    try {
      list = run("model", "list", "-o", "json", "--registry", registry);
    } finally {
      System.setOut(original);
    }
    assertThat(list.exit).as(list.err).isZero();
    // the schema migration's library logs at INFO by default, which landed in the JSON
    assertThat(stray.toString("UTF-8")).isEmpty();
  }

  @Test
  void sameBytesTwice_listAliasLineageDownloadDelete() throws Exception {
    run("model", "register", "fraud", "--file", V1, "--alias", "champion", "--registry", registry);
    Run again = run("model", "register", "fraud", "--file", V1, "--registry", registry);
    assertThat(again.out).startsWith("already registered as fraud:1 ");
    run("model", "register", "fraud", "--file", V2, "--parent", "1", "--registry", registry);

    Run list = run("model", "list", "fraud", "--registry", registry);
    assertThat(list.out)
        .containsPattern("(?m)^NAME +VERSION +ALIASES +SHA256 +SIZE +CREATED +GIT$")
        .containsPattern("(?m)^fraud +1 +champion ")
        .containsPattern("(?m)^fraud +2 +- ");

    Run alias = run("model", "alias", "fraud", "2", "champion", "--registry", registry);
    assertThat(alias.out.trim()).isEqualTo("champion -> fraud:2 (was fraud:1)");

    Run lineage = run("model", "lineage", "fraud:2", "--registry", registry);
    assertThat(lineage.out)
        .contains("Ancestry:    fraud:2 <- fraud:1")
        .contains("champion: fraud:1 -> fraud:2 by " + System.getProperty("user.name"));

    Path out = tmp.resolve("dl/model.onnx");
    Run dl = run("model", "download", "fraud:2", "-o", out.toString(), "--registry", registry);
    assertThat(dl.exit).as(dl.err).isZero();
    assertThat(out).hasSameBinaryContentAs(Path.of(V2));

    Run refused = run("model", "delete", "fraud:2", "--registry", registry);
    assertThat(refused.exit).isEqualTo(2);
    assertThat(refused.err.trim())
        .isEqualTo(
            "aviary model delete: model version fraud:2 is in use by alias champion: move the"
                + " alias first");
    Run deleted = run("model", "delete", "fraud:1", "--registry", registry);
    assertThat(deleted.exit).as(deleted.err).isZero();
    assertThat(run("model", "list", "-o", "yaml", "--registry", registry).out)
        .contains("ref: \"fraud:2\"")
        .doesNotContain("fraud:1");
  }

  @Test
  void badInput_isOneLineNamingTheFileOrField_exit2_nothingWritten() throws Exception {
    Path notOnnx = Files.writeString(tmp.resolve("model.onnx"), "not a model");
    Path badMetrics = Files.writeString(tmp.resolve("m.json"), "{\"auc\": \"high\"}");

    assertError(
        run("model", "register", "fraud", "--file", notOnnx.toString(), "--registry", registry),
        "aviary model register: " + notOnnx + " is not a readable ONNX model: ");
    assertError(
        run(
            "model",
            "register",
            "fraud",
            "--file",
            V1,
            "--metrics",
            badMetrics.toString(),
            "--registry",
            registry),
        "aviary model register: --metrics: " + badMetrics + ": 'auc' must be a number, was STRING");
    assertError(
        run("model", "register", "Bad/Name", "--file", V1, "--registry", registry),
        "aviary model register: model name 'Bad/Name' is invalid");
    assertError(
        run(
            "model",
            "register",
            "fraud",
            "--file",
            V1,
            "--data",
            "nope.csv",
            "--registry",
            registry),
        "aviary model register: --data: nope.csv is neither a file nor a URI");
    assertError(
        run("model", "get", "fraud@champion", "--registry", registry),
        "aviary model get: alias 'champion' of model 'fraud' does not exist");
    assertError(
        run("model", "alias", "fraud", "3", "champion", "--registry", registry),
        "aviary model alias: model version fraud:3 does not exist");
    assertError(
        run("model", "lineage", "fraud", "--registry", registry),
        "aviary model lineage: model reference 'fraud' is invalid: expected NAME:VERSION");
    assertError(
        run("model", "list", "--registry", "jdbc:mysql://localhost/x"),
        "aviary model list: registry 'jdbc:mysql://localhost/x' is not supported");

    Run list = run("model", "list", "-o", "json", "--registry", registry);
    assertThat(new ObjectMapper().readTree(list.out).path("versions")).isEmpty();
    assertThat(Path.of(registry, "artifacts")).doesNotExist();
  }

  private static void assertError(Run run, String prefix) {
    assertThat(run.exit).as(run.out + run.err).isEqualTo(2);
    assertThat(run.err).startsWith(prefix).endsWith("\n");
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
