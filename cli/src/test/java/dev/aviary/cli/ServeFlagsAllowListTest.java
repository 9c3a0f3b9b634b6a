package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.server.GraphOptimization;
import dev.aviary.spec.ServerAllowLists;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The allow-list of spec.server.args against the real {@code aviary serve} command line: every
 * option of serve is either allowed or refused with a reason, and values the allow-list accepts are
 * values serve accepts.
 */
class ServeFlagsAllowListTest {
  /** Values at the edges of what the allow-list accepts, one or more per allowed flag. */
  private static final Map<String, List<String>> ACCEPTED =
      Map.ofEntries(
          Map.entry("--max-request-bytes", List.of("1024", "1k", "64KiB", "1024MiB")),
          Map.entry("--drain-delay", List.of("0", "1s", "500ms")),
          Map.entry("--shutdown-timeout", List.of("10s", "1h")),
          Map.entry("--inference-threads", List.of("1", "256")),
          Map.entry("--max-queued-requests", List.of("1", "1000000")),
          Map.entry("--intra-op-threads", List.of("0", "256")),
          Map.entry("--inter-op-threads", List.of("0", "256")),
          Map.entry("--graph-optimization", List.of("none", "basic", "extended", "all")),
          Map.entry("--event-loops", List.of("0", "256")),
          Map.entry("--inline-below", List.of("0", "500us", "2ms")),
          Map.entry("--max-batch-size", List.of("1", "4096")),
          Map.entry("--max-batch-delay", List.of("0", "1s", "250us")),
          Map.entry("--max-batch-queue", List.of("1", "1000000")),
          Map.entry("--payload-log", List.of("http://collector:8080/e", "https://c.example/x?y=1")),
          Map.entry("--payload-log-sample-rate", List.of("0", "0.5", ".25", "1", "1.0")),
          Map.entry("--payload-log-redact", List.of("input", "a,b.c,d/e")),
          Map.entry("--payload-log-buffer", List.of("1", "1000000")),
          Map.entry("--fault-error-rate", List.of("0", "1", "0.125")),
          Map.entry("--fault-latency", List.of("0", "1m")),
          Map.entry("--monitor-window", List.of("1", "1000000")),
          Map.entry("--monitor-max-age", List.of("0", "5m")),
          Map.entry("--monitor-min-rows", List.of("1", "1000000")),
          Map.entry("--feedback-ids", List.of("1", "1000000")),
          Map.entry("--feedback-retention", List.of("1s", "1h")),
          Map.entry("--accuracy-window", List.of("1", "1000000")),
          Map.entry("--accuracy-min-rows", List.of("1", "1000000")),
          Map.entry("--output-classes", List.of("1,0", "fraud,legit")),
          Map.entry("--log-level", List.of("trace", "DEBUG", "off")),
          Map.entry("--service-name", List.of("a", "fraud-v2.replica_1")));

  private static CommandLine serve() {
    return new CommandLine(new AviaryCli()).getSubcommands().get("serve");
  }

  @Test
  void every_serve_option_is_allowed_or_refused_with_a_reason() {
    TreeSet<String> options = new TreeSet<>();
    for (OptionSpec o : serve().getCommandSpec().options()) {
      options.add(o.longestName());
    }
    TreeSet<String> listed = new TreeSet<>(ServerAllowLists.REFUSED_FLAGS.keySet());
    ServerAllowLists.FLAGS.forEach(e -> listed.add(e.name()));
    assertThat(listed)
        .as("a new serve option must be added to ServerAllowLists.FLAGS or REFUSED_FLAGS")
        .isEqualTo(options);
  }

  @Test
  void values_the_allow_list_accepts_are_accepted_by_serve() {
    assertThat(ACCEPTED.keySet())
        .containsExactlyInAnyOrderElementsOf(
            ServerAllowLists.FLAGS.stream().map(ServerAllowLists.Entry::name).toList());
    for (ServerAllowLists.Entry e : ServerAllowLists.FLAGS) {
      for (String value : ACCEPTED.get(e.name())) {
        assertThat(e.accepts().test(value)).as(e.name() + " " + value).isTrue();
        List<String> args = new ArrayList<>(List.of("serve", "--model", "m.onnx", e.name(), value));
        if (e.name().equals("--drain-delay")) {
          args.addAll(List.of("--shutdown-timeout", "2h"));
        }
        new CommandLine(new AviaryCli()).parseArgs(args.toArray(String[]::new));
        // These two are strings to picocli and parsed when the server starts.
        if (e.name().equals("--max-request-bytes")) {
          assertThat(ServeCommand.parseSize(value)).isBetween(1024L, 1L << 30);
        } else if (e.name().equals("--graph-optimization")) {
          assertThat(GraphOptimization.parse(value)).isNotNull();
        }
      }
    }
  }
}
