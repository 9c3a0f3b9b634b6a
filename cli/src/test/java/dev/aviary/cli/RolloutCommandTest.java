package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.local.Platform;
import dev.aviary.local.Store;
import dev.aviary.operator.CommandAnnotation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every rollout verb, on the embedded platform's control API and on a cluster. */
class RolloutCommandTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(KubeCommand.rewrite(args));
    return new Result(code, out.toString(), err.toString());
  }

  @Nested
  class BothBackends {
    @ParameterizedTest
    @EnumSource(RolloutVerb.class)
    void every_verb_exists_on_both_with_its_description_and_option(RolloutVerb verb) {
      Result platform = run(verb.command, "--help");
      Result cluster = run("--kube", verb.command, "--help");
      assertThat(platform.code()).isZero();
      assertThat(cluster.code()).isZero();
      String firstLine = verb.description.substring(0, 30);
      assertThat(platform.out()).contains("aviary " + verb.command, firstLine, "--server");
      assertThat(cluster.out()).contains("aviary kube " + verb.command, firstLine, "--namespace");
      assertThat(cluster.out()).doesNotContain("--server");
      String option =
          switch (verb.extra) {
            case FULL -> "--full";
            case TO_REVISION -> "--to-revision";
            case NONE -> "--help";
          };
      assertThat(platform.out()).contains(option);
      assertThat(cluster.out()).contains(option);
    }

    @Test
    void a_revision_below_one_is_refused_before_anything_is_sent() {
      for (String[] args :
          List.of(
              new String[] {"undo", "fraud", "--to-revision", "0", "--server", "http://x:1"},
              new String[] {"--kube", "undo", "fraud", "--to-revision", "0"})) {
        Result r = run(args);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("aviary undo: --to-revision: must be 1 or more, got 0");
      }
    }

    @Test
    void the_operator_accepts_every_annotation_the_cluster_backend_writes() {
      for (RolloutVerb verb : RolloutVerb.values()) {
        if (verb == RolloutVerb.DELETE) {
          continue; // deletes the resource instead
        }
        for (RolloutRequest r :
            List.of(
                new RolloutRequest(verb, "fraud", false, null),
                new RolloutRequest(verb, "fraud", true, 2))) {
          assertThat(CommandAnnotation.parse(r.annotation(), 1)).as(r.annotation()).isNotNull();
        }
      }
      assertThat(new RolloutRequest(RolloutVerb.PROMOTE, "f", true, null).annotation())
          .isEqualTo("promote-full");
      assertThat(new RolloutRequest(RolloutVerb.UNDO, "f", false, 3).annotation())
          .isEqualTo("undo:3");
    }
  }

  @Nested
  class OnThePlatform {
    @TempDir Path state;
    private Platform platform;

    @AfterEach
    void stop() {
      if (platform != null) {
        platform.close();
      }
    }

    private Result cli(String... args) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(
          List.of(
              "--server",
              "http://127.0.0.1:" + platform.apiPort(),
              "--state-dir",
              state.toString()));
      return run(all.toArray(String[]::new));
    }

    @Test
    void each_verb_is_recorded_with_its_sequence_number_and_delete_removes_the_deployment()
        throws Exception {
      Files.writeString(state.resolve("m.onnx"), "model");
      // "true" stands in for the serve command: commands are recorded whatever the replicas do.
      platform = Platform.start(TestPlatforms.options(state, List.of("true"), state));
      Path spec = state.resolve("fraud.yaml");
      Files.writeString(
          spec,
          """
          apiVersion: aviary.dev/v1alpha1
          kind: ModelDeployment
          metadata: {name: fraud}
          spec:
            model: {name: fraud, version: "1", uri: "file:m.onnx"}
            strategy: {canary: {steps: [{setWeight: 50}]}}
          """);
      assertThat(cli("apply", "-f", spec.toString()).code()).isZero();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!cli("get", "fraud", "-o", "json").out().contains("\"phase\"")
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Result refused = cli("retry", "fraud");
      assertThat(refused.code()).as("retry of a rollout that was not aborted").isEqualTo(1);
      assertThat(refused.err()).startsWith("aviary retry: only an aborted rollout can be retried");
      List<String[]> commands =
          List.of(
              new String[] {"promote", "fraud"},
              new String[] {"promote", "fraud", "--full"},
              new String[] {"abort", "fraud"},
              new String[] {"undo", "fraud"},
              new String[] {"undo", "fraud", "--to-revision", "1"},
              new String[] {"pause", "fraud"},
              new String[] {"resume", "fraud"});
      long previous = 0;
      for (String[] command : commands) {
        Result r = cli(command);
        assertThat(r.code()).as(String.join(" ", command)).isZero();
        String prefix = command[0] + " sent to fraud (command ";
        assertThat(r.out()).startsWith(prefix).endsWith("); see: aviary describe fraud\n");
        long seq = Long.parseLong(r.out().substring(prefix.length(), r.out().indexOf(')')).trim());
        assertThat(seq).isGreaterThan(previous);
        previous = seq;
      }
      // each command's event names its sender
      String events =
          platform.events(0).stream()
              .filter(e -> e.reason().equals("CommandReceived"))
              .map(Store.StoredEvent::message)
              .toList()
              .toString();
      assertThat(events)
          .contains("promote (by cli)", "promote --full (by cli)", "undo to revision 1 (by cli)");
      Result unknown = cli("pause", "nope");
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).startsWith("aviary pause: ").contains("nope");

      Result deleted = cli("delete", "fraud");
      assertThat(deleted.code()).isZero();
      assertThat(deleted.out()).isEqualTo("modeldeployment/fraud deleted\n");
      assertThat(cli("get", "-o", "json").out()).doesNotContain("\"fraud\"");
      assertThat(cli("delete", "fraud").code()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(RolloutVerb.class)
    void without_a_platform_every_verb_says_so_and_exits_3(RolloutVerb verb) throws Exception {
      int port = TestPlatforms.closedPort();
      Result r = run(verb.command, "fraud", "--server", "http://127.0.0.1:" + port, "--token", "t");
      assertThat(r.code()).isEqualTo(3);
      assertThat(r.err()).startsWith("aviary " + verb.command + ": the platform is not running");
    }
  }

  @Nested
  class OnACluster {
    private static final List<String> PROPERTIES =
        List.of(
            "kubernetes.master",
            "kubernetes.auth.tryKubeConfig",
            "kubernetes.request.retry.backoffLimit");

    @AfterEach
    void forgetTheCluster() {
      PROPERTIES.forEach(System::clearProperty);
    }

    @ParameterizedTest
    @EnumSource(RolloutVerb.class)
    void without_a_cluster_every_verb_says_so_and_exits_3(RolloutVerb verb) throws Exception {
      int port = TestPlatforms.closedPort();
      System.setProperty("kubernetes.master", "http://127.0.0.1:" + port);
      System.setProperty("kubernetes.auth.tryKubeConfig", "false");
      System.setProperty("kubernetes.request.retry.backoffLimit", "0");
      Result r = run("--kube", "-n", "models", verb.command, "fraud");
      assertThat(r.code()).isEqualTo(3);
      assertThat(r.err()).startsWith("aviary: the cluster refused or could not be reached");
      assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "describe fraud", "status fraud", "status fraud --wait"})
    void without_a_cluster_the_reading_commands_exit_3_as_against_a_stopped_platform(String args)
        throws Exception {
      unreachable();
      List<String> argv = new java.util.ArrayList<>(List.of("--kube", "-n", "models"));
      argv.addAll(List.of(args.split(" ")));
      Result r = run(argv.toArray(String[]::new));
      assertThat(r.code()).isEqualTo(3);
      assertThat(r.err()).startsWith("aviary: the cluster refused or could not be reached");
    }

    @Test
    void apply_checks_every_document_before_it_talks_to_the_cluster(@TempDir Path dir)
        throws Exception {
      unreachable();
      Path bad = dir.resolve("bad.yaml");
      Files.writeString(
          bad,
          """
          apiVersion: aviary.dev/v1alpha1
          kind: ModelDeployment
          metadata: {name: fraud}
          spec:
            model: {name: fraud, version: "2", uri: "s3://bucket/fraud.onnx"}
            replicas: -1
          """);
      Result r = run("--kube", "-n", "models", "apply", "-f", bad.toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("nothing was applied", "spec.replicas", "spec.model.uri");
      Result missing = run("--kube", "apply", "-f", dir.resolve("nope.yaml").toString());
      assertThat(missing.code()).isEqualTo(2);
      assertThat(missing.err()).contains("no such file");
    }

    private void unreachable() throws java.io.IOException {
      int port = TestPlatforms.closedPort();
      System.setProperty("kubernetes.master", "http://127.0.0.1:" + port);
      System.setProperty("kubernetes.auth.tryKubeConfig", "false");
      System.setProperty("kubernetes.request.retry.backoffLimit", "0");
    }
  }
}
