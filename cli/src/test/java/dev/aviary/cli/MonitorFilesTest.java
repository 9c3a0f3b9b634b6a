package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.analysis.alert.AlertRules;
import dev.aviary.spec.Monitoring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed dashboard and rule files are what the commands write. To refresh them after a
 * change: {@code mvn -pl cli test -Dtest=MonitorFilesTest -Daviary.updateMonitorFiles=true}.
 */
class MonitorFilesTest {
  private static final Path DEPLOY = Path.of("..", "deploy");

  @Test
  void committed_dashboards_and_rules_match_the_generated_ones() throws Exception {
    String dashboard = GrafanaDashboard.json();
    String rules = RuleFiles.rules(Map.of("aviary", AlertRules.forAll(Monitoring.DEFAULT)));
    Map<Path, String> files =
        Map.of(
            DEPLOY.resolve("grafana/aviary.json"), dashboard,
            DEPLOY.resolve("helm/aviary/files/grafana-dashboard.json"), dashboard,
            DEPLOY.resolve("helm/aviary/files/prometheus-rules.yaml"), rules);
    for (var e : files.entrySet()) {
      if (Boolean.getBoolean("aviary.updateMonitorFiles")) {
        Files.writeString(e.getKey(), e.getValue());
      }
      assertThat(e.getKey()).exists();
      assertThat(Files.readString(e.getKey()))
          .as("%s is stale; regenerate with -Daviary.updateMonitorFiles=true", e.getKey())
          .isEqualTo(e.getValue());
    }
  }
}
