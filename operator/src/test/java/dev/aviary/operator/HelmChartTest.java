package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fast checks of the chart's files: the chart's CRDs are the generated ones, every value a template
 * reads is declared in values.yaml, and the defaults keep the security settings and leader
 * election. The rendered output is checked with Helm's own engine by {@link HelmTemplateIT}.
 */
class HelmChartTest {
  static final Path CHART = Path.of("..", "deploy", "helm", "aviary");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void the_charts_crds_are_the_generated_crds() throws Exception {
    for (var e : CrdFiles.generate().entrySet()) {
      assertThat(Files.readString(CHART.resolve("crds").resolve(e.getKey())))
          .as("chart CRD %s; regenerate with -Daviary.updateCrds=true", e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void every_value_a_template_reads_is_declared_in_values_yaml() throws Exception {
    JsonNode values = YAML.readTree(Files.readString(CHART.resolve("values.yaml")));
    Pattern ref = Pattern.compile("\\.Values((?:\\.[A-Za-z0-9_]+)+)");
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.list(CHART.resolve("templates"))) {
      for (Path f : files.toList()) {
        Matcher m = ref.matcher(Files.readString(f));
        while (m.find()) {
          JsonNode n = values;
          for (String part : m.group(1).substring(1).split("\\.")) {
            n = n.path(part);
          }
          if (n.isMissingNode()) {
            missing.add(f.getFileName() + ": .Values" + m.group(1));
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void the_operator_runs_non_root_read_only_with_probes_and_leader_election() throws Exception {
    JsonNode values = YAML.readTree(Files.readString(CHART.resolve("values.yaml")));
    assertThat(values.at("/podSecurityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(values.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(values.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(values.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(values.at("/operator/replicas").asInt()).isEqualTo(2);
    String deployment = Files.readString(CHART.resolve("templates/deployment.yaml"));
    assertThat(deployment)
        .contains(
            "--lease-namespace={{ .Release.Namespace }}",
            "path: /healthz",
            "readinessProbe",
            "livenessProbe",
            "securityContext",
            "mountPath: /tmp");
    String rbac = Files.readString(CHART.resolve("templates/rbac.yaml"));
    assertThat(rbac).contains("modeldeployments/status", "leases").doesNotContain("\"*\"");
  }
}
