package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aviary.analysis.alert.AlertRule;
import dev.aviary.analysis.alert.AlertRules;
import dev.aviary.spec.Monitoring;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The rules {@code aviary monitor rules} writes, checked and unit-tested by the real promtool. */
class MonitorRulesIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path RULES_TEST =
      Path.of("..", "analysis", "src", "test", "resources", "alerts", "rules-test.yaml");

  @TempDir Path dir;

  @Test
  void the_default_rules_pass_promtool_check_and_every_alert_fires_when_it_must_and_only_then()
      throws Exception {
    Path rules = dir.resolve("rules.yaml");
    assertThat(run("monitor", "rules", "-o", rules.toString())).isEqualTo(0);
    assertThat(promtool("check", "rules", rules.toString())).contains("SUCCESS: 14 rules found");

    Path test = dir.resolve("rules-test.yaml");
    Files.writeString(test, YAML.writeValueAsString(withExpectedAnnotations("rules.yaml")));
    String report = promtool("test", "rules", test.toString());
    assertThat(report).contains("SUCCESS");
  }

  @Test
  void rules_from_a_spec_use_its_thresholds_and_its_model_and_deployment() throws Exception {
    Path spec = dir.resolve("fraud.yaml");
    Files.writeString(
        spec,
        """
        apiVersion: aviary.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: fraud-prod}
        spec:
          model: {name: fraud, version: "2", uri: "file:fraud.onnx"}
          strategy: {canary: {steps: [{setWeight: 50}]}}
          monitoring:
            window: 2m
            alerts:
              errorRate: {threshold: 0.05, duration: 1m}
              featureDrift: {enabled: false}
        """);
    Path out = dir.resolve("prometheus-rule.yaml");
    assertThat(
            run(
                "monitor",
                "rules",
                "-f",
                spec.toString(),
                "--format",
                "prometheus-rule",
                "--runbook-base",
                "https://docs.example.com/alerting#",
                "-o",
                out.toString()))
        .isEqualTo(0);
    JsonNode rule = YAML.readTree(out.toFile());
    assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(rule.path("metadata").path("name").asText()).isEqualTo("aviary-fraud-prod");
    Path groups = dir.resolve("groups.yaml");
    YAML.writeValue(groups.toFile(), rule.path("spec"));
    assertThat(promtool("check", "rules", groups.toString())).contains("SUCCESS: 13 rules found");
    String text = rule.toString();
    assertThat(text)
        .contains("\"alert\":\"AviaryErrorRateHigh\"", "> 0.05", "[2m]", "\"for\":\"1m\"")
        .contains("model=\\\"fraud\\\"", "deployment=\\\"fraud-prod\\\"")
        .contains("https://docs.example.com/alerting#aviaryerrorratehigh")
        .doesNotContain("AviaryFeatureDrift");
  }

  @Test
  void a_bad_spec_or_format_writes_nothing_and_says_why() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(
        spec,
        """
        apiVersion: aviary.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: fraud}
        spec:
          model: {name: fraud, version: "2", uri: "file:fraud.onnx"}
          strategy: {canary: {steps: [{setWeight: 50}]}}
          monitoring: {alerts: {errorRate: {threshold: 2}}}
        """);
    StringWriter err = new StringWriter();
    assertThat(run(err, "monitor", "rules", "-f", spec.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("spec.monitoring.alerts.errorRate.threshold");
    err = new StringWriter();
    assertThat(run(err, "monitor", "rules", "--format", "yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("--format must be rules or prometheus-rule");
  }

  /**
   * The committed promtool test with each expected alert's annotations rendered by the platform's
   * own template code: promtool then also checks that it renders them as Prometheus does.
   */
  static ObjectNode withExpectedAnnotations(String ruleFile) throws IOException {
    ObjectNode test = (ObjectNode) YAML.readTree(RULES_TEST.toFile());
    test.putArray("rule_files").add(ruleFile);
    Map<String, AlertRule> byName = new HashMap<>();
    AlertRules.forAll(Monitoring.DEFAULT).alerts().forEach(a -> byName.put(a.name(), a));
    for (JsonNode t : test.path("tests")) {
      for (JsonNode case_ : t.path("alert_rule_test")) {
        AlertRule rule = byName.get(case_.path("alertname").asText());
        assertThat(rule).as(case_.toString()).isNotNull();
        for (JsonNode exp : case_.path("exp_alerts")) {
          Map<String, String> labels = new HashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = exp.path("exp_labels").fields();
              it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.put(e.getKey(), e.getValue().asText());
          }
          ObjectNode annotations = ((ObjectNode) exp).putObject("exp_annotations");
          rule.annotationsFor(labels).forEach(annotations::put);
        }
      }
    }
    return test;
  }

  private static String promtool(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "promtool";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("promtool %s:\n%s", String.join(" ", args), out).isEqualTo(0);
    return out;
  }

  private static int run(String... args) {
    return run(new StringWriter(), args);
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cl = AviaryCli.commandLine(args);
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
