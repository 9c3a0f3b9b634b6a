package dev.aviary.analysis.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aviary.spec.Monitoring;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The platform's own evaluation of the rules against the promtool unit test that Prometheus passes
 * (cli's MonitorRulesIT): same input series, same expected alerts at the same times.
 */
class AlertRulesConformanceTest {
  private static final Path FILE = Path.of("src", "test", "resources", "alerts", "rules-test.yaml");
  private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)}");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]+)=\"([^\"]*)\"");
  private static final Pattern EXPANDING = Pattern.compile("(-?[0-9.]+)([+-][0-9.]+)?x([0-9]+)");

  static Stream<JsonNode> cases() throws Exception {
    JsonNode test = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
    List<JsonNode> out = new ArrayList<>();
    test.path("tests").get(0).path("alert_rule_test").forEach(out::add);
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void fires_exactly_the_alerts_prometheus_fires(JsonNode c) throws Exception {
    JsonNode test =
        new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile()).path("tests").get(0);
    Duration step = Duration.ofMinutes(1);
    List<AlertRule> rules = AlertRules.forAll(Monitoring.DEFAULT).alerts();
    SampleHistory history = new SampleHistory(allMetrics(rules), Duration.ofDays(3));
    for (JsonNode s : test.path("input_series")) {
      Matcher m = SERIES.matcher(s.path("series").asText());
      assertThat(m.matches()).isTrue();
      Map<String, String> labels = new TreeMap<>();
      Matcher l = LABEL.matcher(m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      List<Double> values = expand(s.path("values").asText());
      for (int i = 0; i < values.size(); i++) {
        history.add(m.group(1), labels, values.get(i), Instant.EPOCH.plus(step.multipliedBy(i)));
      }
    }
    AlertTracker tracker = new AlertTracker(rules);
    long minutes = Long.parseLong(c.path("eval_time").asText().replace("m", ""));
    for (long t = 0; t <= minutes; t++) {
      tracker.evaluate(history, Instant.EPOCH.plus(step.multipliedBy(t)));
    }
    String name = c.path("alertname").asText();
    Set<Map<String, String>> firing = new HashSet<>();
    tracker.firing().stream()
        .filter(a -> a.name().equals(name))
        .forEach(a -> firing.add(new TreeMap<>(a.labels())));
    Set<Map<String, String>> expected = new HashSet<>();
    for (JsonNode e : c.path("exp_alerts")) {
      Map<String, String> labels = new TreeMap<>();
      e.path("exp_labels")
          .fields()
          .forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
      expected.add(labels);
    }
    assertThat(firing).as("%s at %s", name, c.path("eval_time").asText()).isEqualTo(expected);
  }

  private static Set<String> allMetrics(List<AlertRule> rules) {
    Set<String> out = new HashSet<>();
    rules.forEach(r -> out.addAll(Expr.metrics(r.expr())));
    return out;
  }

  /** promtool's series notation: {@code 1 2 3}, {@code 0+10x30}, {@code 5x40}. */
  private static List<Double> expand(String text) {
    List<Double> out = new ArrayList<>();
    for (String part : text.trim().split("\\s+")) {
      Matcher m = EXPANDING.matcher(part);
      if (m.matches()) {
        double start = Double.parseDouble(m.group(1));
        double delta = m.group(2) == null ? 0 : Double.parseDouble(m.group(2));
        int n = Integer.parseInt(m.group(3));
        for (int i = 0; i <= n; i++) {
          out.add(start + delta * i);
        }
      } else {
        out.add(Double.parseDouble(part));
      }
    }
    return out;
  }
}
