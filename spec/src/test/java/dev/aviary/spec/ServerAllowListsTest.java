package dev.aviary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** spec.server.env and spec.server.args reach a process: only allow-listed names and values. */
class ServerAllowListsTest {

  private static List<String> problems(List<String> args, Map<String, String> env) {
    return ServerAllowLists.problems(new ServerSettings(args, env, null, null), "spec.server")
        .stream()
        .map(Problem::toString)
        .toList();
  }

  private static List<String> args(String... args) {
    return problems(List.of(args), Map.of());
  }

  private static List<String> env(String name, String value) {
    return problems(List.of(), Map.of(name, value));
  }

  @Nested
  class Env {
    @Test
    void the_variables_the_server_reads_are_accepted_with_valid_values() {
      assertThat(
              problems(
                  List.of(),
                  Map.of("AVIARY_LOG_LEVEL", "DEBUG", "AVIARY_SERVICE_NAME", "fraud-v2")))
          .isEmpty();
    }

    @Test
    void java_tool_options_is_refused_with_its_path_the_reason_and_what_is_allowed() {
      assertThat(env("JAVA_TOOL_OPTIONS", "-XX:OnOutOfMemoryError=touch /tmp/x -Xmx3m"))
          .containsExactly(
              "spec.server.env.JAVA_TOOL_OPTIONS: not allowed (JVM options:"
                  + " -XX:OnOutOfMemoryError=... runs a command, -javaagent loads code);"
                  + " allowed: AVIARY_LOG_LEVEL, AVIARY_SERVICE_NAME");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "JAVA_TOOL_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "_JAVA_OPTIONS",
          "AVIARY_JAVA_OPTS",
          "LD_PRELOAD",
          "LD_LIBRARY_PATH",
          "CLASSPATH",
          "PATH",
          "AVIARY_REVISION",
          "LOG_LEVEL",
          "TZ",
          "aviary_log_level"
        })
    void every_other_variable_is_refused(String name) {
      assertThat(env(name, "info"))
          .singleElement()
          .asString()
          .startsWith("spec.server.env." + name + ": not")
          .endsWith("allowed: AVIARY_LOG_LEVEL, AVIARY_SERVICE_NAME");
    }

    @ParameterizedTest
    @ValueSource(strings = {"verbose", "", "info -XX:+PrintFlagsFinal"})
    void a_log_level_outside_the_servers_levels_is_refused(String value) {
      assertThat(env("AVIARY_LOG_LEVEL", value))
          .containsExactly(
              "spec.server.env.AVIARY_LOG_LEVEL: must be one of trace, debug, info, warn, error,"
                  + " off, got '"
                  + value
                  + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "-Xmx1m", "/etc/passwd", "$(id)", ""})
    void a_service_name_is_a_plain_name(String value) {
      assertThat(env("AVIARY_SERVICE_NAME", value)).singleElement().asString().contains("got");
    }
  }

  @Nested
  class Args {
    @Test
    void documented_tuning_flags_with_valid_values_are_accepted_in_both_forms() {
      assertThat(
              args(
                  "--max-batch-size",
                  "16",
                  "--max-batch-delay=2ms",
                  "--inference-threads",
                  "2",
                  "--graph-optimization",
                  "extended",
                  "--max-request-bytes",
                  "32MiB",
                  "--drain-delay",
                  "1s",
                  "--payload-log",
                  "https://collector.example:8443/events?x=1",
                  "--payload-log-redact",
                  "input,output",
                  "--payload-log-redact=card_number",
                  "--payload-log-sample-rate",
                  "0.25",
                  "--fault-error-rate",
                  "1",
                  "--log-level",
                  "warn"))
          .isEmpty();
    }

    @Test
    void an_unknown_flag_is_refused_with_its_index_and_the_allowed_flags() {
      assertThat(args("--max-batch-size", "4", "--xx-unknown", "1"))
          .singleElement()
          .asString()
          .startsWith(
              "spec.server.args[2]: '--xx-unknown' is not an allowed server flag; allowed:"
                  + " --max-request-bytes, --drain-delay,");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "--model",
          "--repository",
          "--name",
          "--version",
          "--host",
          "--port",
          "--grpc-port"
        })
    void flags_the_platform_sets_or_that_open_ports_are_refused_with_the_reason(String flag) {
      assertThat(args(flag, "x"))
          .first()
          .asString()
          .startsWith("spec.server.args[0]: '" + flag + "' is not allowed (");
    }

    @Test
    void a_payload_log_file_is_refused_a_url_is_not() {
      assertThat(args("--payload-log", "/home/me/.bashrc"))
          .containsExactly(
              "spec.server.args[1]: --payload-log must be an http:// or https:// URL (a file is"
                  + " refused: it would be written as the platform's user), got"
                  + " '/home/me/.bashrc'");
      assertThat(args("--payload-log=file:/tmp/x")).hasSize(1);
      assertThat(args("--payload-log", "http://collector:8080/v1")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "-XX:OnOutOfMemoryError=id",
          "@/etc/passwd",
          "--log-level",
          "16 -Xmx1m",
          "0x10",
          "5000",
          "0"
        })
    void a_value_that_is_not_the_expected_number_is_refused(String value) {
      assertThat(args("--max-batch-size", value))
          .containsExactly(
              "spec.server.args[1]: --max-batch-size must be a whole number from 1 to 4096, got '"
                  + value
                  + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-Dx=y", "@args.txt", "-", "serve", ""})
    void an_argument_that_is_not_a_flag_is_refused(String arg) {
      assertThat(args(arg))
          .containsExactly(
              "spec.server.args[0]: expected a server flag such as --max-batch-size, got '"
                  + arg
                  + "'");
    }

    @Test
    void durations_follow_the_one_grammar_the_server_reads_them_with() {
      assertThat(args("--inline-below", "500us", "--fault-latency", "0")).isEmpty();
      assertThat(args("--drain-delay", "1m30s", "--shutdown-timeout", "PT2M")).isEmpty();
      assertThat(args("--inline-below", "1.5ms")).isEmpty();
      assertThat(args("--inline-below", "soon")).singleElement().asString().contains("1h30m");
      assertThat(args("--max-batch-delay", "0.5s")).isEmpty();
      assertThat(args("--max-batch-delay", "2s"))
          .singleElement()
          .asString()
          .contains("from 0 to 1s");
    }

    @Test
    void a_flag_without_its_value_is_refused() {
      assertThat(args("--max-batch-size"))
          .containsExactly(
              "spec.server.args[0]: --max-batch-size needs a value: a whole number from 1 to 4096");
    }

    @Test
    void a_flag_given_twice_is_refused_since_the_server_would_not_start() {
      assertThat(args("--max-batch-size", "2", "--max-batch-size=4"))
          .containsExactly("spec.server.args[2]: --max-batch-size is given more than once");
    }

    @Test
    void the_shutdown_timeout_must_outlast_the_drain_delay_as_the_server_requires() {
      assertThat(args("--drain-delay", "40s"))
          .containsExactly(
              "spec.server.args: --shutdown-timeout (30s) must be longer than --drain-delay (40s)");
      assertThat(args("--drain-delay", "40s", "--shutdown-timeout", "1m")).isEmpty();
    }

    @Test
    void sizes_are_bounded_like_the_servers() {
      assertThat(args("--max-request-bytes", "1023")).hasSize(1);
      assertThat(args("--max-request-bytes", "1k")).isEmpty();
      assertThat(args("--max-request-bytes", "2048MiB")).hasSize(1);
    }
  }

  @Test
  void a_deployment_with_java_tool_options_is_invalid_with_the_path() throws Exception {
    SpecDocuments docs =
        SpecDocuments.parse(
            SpecDocumentsTest.HEADER
                + """
                    server:
                      env: {JAVA_TOOL_OPTIONS: "-XX:OnOutOfMemoryError=touch /tmp/pwned -Xmx3m"}
                      args: ["--no-such-flag"]
                    strategy: {canary: {steps: [{setWeight: 50}]}}
                  """);
    assertThat(docs.valid()).isFalse();
    assertThat(docs.problems())
        .extracting(Problem::path)
        .containsExactly("spec.server.env.JAVA_TOOL_OPTIONS", "spec.server.args[0]");
  }

  @Test
  void server_problems_are_reported_with_every_other_problem() throws Exception {
    SpecDocuments docs =
        SpecDocuments.parse(
            SpecDocumentsTest.HEADER
                + """
                    server: {env: {LD_PRELOAD: /tmp/x.so}}
                    strategy: {canary: {steps: [{setWeight: 150}]}}
                  """);
    assertThat(docs.problems())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "spec.strategy.canary.steps[0].setWeight", "spec.server.env.LD_PRELOAD");
  }

  /**
   * The tables in docs/spec-reference.md are generated; to refresh them after a change: {@code mvn
   * -pl spec test -Dtest=ServerAllowListsTest -Daviary.updateDocs=true}.
   */
  @Test
  void the_spec_reference_lists_exactly_these_allow_lists() throws Exception {
    Path file = Path.of("..", "docs", "spec-reference.md");
    String doc = Files.readString(file);
    String begin = "<!-- server allow-lists: generated from ServerAllowLists.markdown() -->\n";
    String end = "<!-- end of server allow-lists -->";
    assertThat(doc).contains(begin).contains(end);
    String before = doc.substring(0, doc.indexOf(begin) + begin.length());
    String section = doc.substring(before.length(), doc.indexOf(end));
    String generated = "\n" + ServerAllowLists.markdown() + "\n";
    if (Boolean.getBoolean("aviary.updateDocs")) {
      Files.writeString(file, before + generated + doc.substring(doc.indexOf(end)));
      section = generated;
    }
    assertThat(section)
        .as("%s is stale; regenerate with -Daviary.updateDocs=true", file)
        .isEqualTo(generated);
  }
}
