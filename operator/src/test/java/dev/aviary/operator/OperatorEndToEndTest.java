package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aviary.operator.crd.ModelDeploymentResource;
import dev.aviary.operator.crd.ModelDeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator as {@code aviary operator} runs it (java-operator-sdk with its event sources,
 * filters and retries, behind leader election) against the mock API server, the test acting as
 * kubelet and as the user: commands go through {@link KubeCommands}, as {@code aviary --kube}
 * writes them, or as a plain annotation edit, as {@code kubectl annotate} or a GitOps tool writes
 * them. Everything waits on what the cluster shows, never on the operator's internals.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorEndToEndTest {
  /** How long a command may take to be acted on. */
  private static final Duration COMMAND_LATENCY = Duration.ofSeconds(2);

  private static final Duration WAIT = Duration.ofSeconds(20);

  static KubernetesClient client;
  private static TestCluster cluster;
  private static FakeKubelet kubelet;
  private static AviaryOperator operator;
  private static int instances;

  @BeforeAll
  static void startClusterAndOperator() throws Exception {
    cluster = new TestCluster(client);
    kubelet = new FakeKubelet(client, TestCluster.NS);
    operator = startOperator();
  }

  @AfterAll
  static void stop() {
    operator.close();
    kubelet.close();
  }

  private static AviaryOperator startOperator() {
    AviaryOperator op =
        new AviaryOperator(
            client,
            OperatorSettings.defaults(),
            Clock.systemUTC(),
            Set.of(TestCluster.NS),
            new AviaryOperator.LeaderElection(
                "aviary-system",
                "operator-" + ++instances,
                Duration.ofSeconds(2),
                Duration.ofMillis(1500),
                Duration.ofMillis(100),
                false));
    op.start();
    await().atMost(WAIT).until(op::leading);
    return op;
  }

  private final KubeCommands kube = new KubeCommands(client, TestCluster.NS);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"aviary", "gatewayApi", "istio", "replicas"})
  @DisplayName("promote at a manual pause: the rollout goes on at once and completes")
  void promote_at_a_manual_pause_completes_the_rollout(String provider) throws Exception {
    String name = name("promote", provider);
    Rollout r = toManualPause(name, provider, "1s");

    command(name, "promote");
    ModelDeploymentStatus done = awaitStatus(name, s -> "Healthy".equals(s.phase));
    assertThat(done.stableRevision).isEqualTo(r.canary);
    assertThat(RouteReader.forProvider(provider).weights(cluster, name))
        .isEqualTo(Map.of(r.canary, 100));
    await()
        .atMost(WAIT)
        .until(
            () -> cluster.replicasByRevision(name),
            // The previous revision stays at its size for scaleDownDelaySeconds (30 s default).
            m -> m.equals(Map.of(r.canary, 4, r.stable, 4)));
    assertThat(count(name, "RolloutStarted")).isEqualTo(1);
    assertThat(count(name, "Promoted")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"aviary", "gatewayApi", "istio", "replicas"})
  @DisplayName("abort written as a plain annotation edit, then retry")
  void abort_by_annotation_then_retry(String provider) throws Exception {
    String name = name("abort", provider);
    Rollout r = toManualPause(name, provider, "1s");

    annotate(name, "abort");
    ModelDeploymentStatus aborted = awaitStatus(name, s -> "Degraded".equals(s.phase));
    assertThat(aborted.weights).isEqualTo(Map.of(r.stable, 100));
    assertThat(RouteReader.forProvider(provider).weights(cluster, name))
        .isEqualTo(Map.of(r.stable, 100));
    await()
        .atMost(WAIT)
        .until(() -> cluster.replicasByRevision(name), m -> m.equals(Map.of(r.stable, 4)));
    assertThat(count(name, "RolloutAborted")).isEqualTo(1);

    command(name, "retry");
    awaitStatus(name, s -> "Paused".equals(s.phase) && r.canary.equals(s.canaryRevision));
    assertThat(RouteReader.forProvider(provider).weights(cluster, name))
        .isEqualTo(Map.of(r.stable, 75, r.canary, 25));
    assertThat(count(name, "RolloutStarted")).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"aviary", "gatewayApi", "istio", "replicas"})
  @DisplayName("undo after a completed rollout brings the previous revision back")
  void undo_after_completion(String provider) throws Exception {
    String name = name("undo", provider);
    Rollout r = toManualPause(name, provider, "1s");
    command(name, "promote-full");
    awaitStatus(name, s -> "Healthy".equals(s.phase) && r.canary.equals(s.stableRevision));

    command(name, "undo");
    // Either an instant switch back, or a rollout of the previous revision (when it is no longer
    // running), which promote-full finishes.
    ModelDeploymentStatus undone =
        awaitStatus(
            name,
            s ->
                r.stable.equals(s.canaryRevision)
                    || r.stable.equals(s.stableRevision) && s.canaryRevision == null);
    if (undone.canaryRevision != null) {
      command(name, "promote-full");
    }
    awaitStatus(
        name,
        s ->
            "Healthy".equals(s.phase)
                && r.stable.equals(s.stableRevision)
                && s.canaryRevision == null);
    assertThat(RouteReader.forProvider(provider).weights(cluster, name))
        .isEqualTo(Map.of(r.stable, 100));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"aviary", "gatewayApi", "istio", "replicas"})
  @DisplayName("pause holds a timed pause step, resume goes on from it")
  void pause_and_resume(String provider) throws Exception {
    String name = name("pause", provider);
    Rollout r = toManualPause(name, provider, "10m");
    command(name, "promote");
    awaitStatus(name, s -> "Progressing".equals(s.phase) && s.currentStep == 3);

    command(name, "pause");
    ModelDeploymentStatus paused = awaitStatus(name, s -> "Paused".equals(s.phase));
    assertThat(paused.message).contains("paused by command");
    assertThat(paused.currentStep).isEqualTo(3);

    command(name, "resume");
    awaitStatus(name, s -> "Progressing".equals(s.phase) && s.currentStep == 3);
    assertThat(RouteReader.forProvider(provider).weights(cluster, name))
        .isEqualTo(Map.of(r.stable, 50, r.canary, 50));
    assertThat(count(name, "Paused")).isEqualTo(1);
    assertThat(count(name, "Resumed")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"aviary", "gatewayApi", "istio", "replicas"})
  @DisplayName("an invalid spec: the status names every problem and nothing is created")
  void invalid_spec(String provider) throws Exception {
    String name = name("invalid", provider);
    cluster.apply(
        Specs.quickCanary(name, "1", provider)
            .replace("replicas: 4", "replicas: 0")
            .replace("setWeight: 50", "setWeight: 150"));
    ModelDeploymentStatus s = awaitStatus(name, st -> "Invalid".equals(st.phase));
    assertThat(s.problems)
        .extracting(p -> p.path)
        .contains("spec.replicas", "spec.strategy.canary.steps[2].setWeight");
    assertThat(s.message).contains("spec.replicas", "steps[2].setWeight");
    assertThat(cluster.revisionDeployments(name)).isEmpty();
    assertThat(count(name, "InvalidSpec")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"aviary", "gatewayApi", "istio", "replicas"})
  @DisplayName("an operator restarted mid-rollout carries on from the status")
  void restart_mid_rollout(String provider) throws Exception {
    String name = name("restart", provider);
    Rollout r = toManualPause(name, provider, "1s");

    operator.close();
    operator = startOperator();
    command(name, "promote");
    ModelDeploymentStatus done = awaitStatus(name, s -> "Healthy".equals(s.phase));
    assertThat(done.stableRevision).isEqualTo(r.canary);
    assertThat(RouteReader.forProvider(provider).weights(cluster, name))
        .isEqualTo(Map.of(r.canary, 100));
    assertThat(count(name, "RolloutStarted")).isEqualTo(1);
  }

  private record Rollout(String stable, String canary) {}

  /** Revision 1 deployed and healthy, then revision 2 rolled out up to its manual pause. */
  private Rollout toManualPause(String name, String provider, String lastPause) throws Exception {
    cluster.apply(Specs.quickCanary(name, "1", provider, lastPause));
    String stable = awaitStatus(name, s -> "Healthy".equals(s.phase)).stableRevision;
    cluster.apply(Specs.quickCanary(name, "2", provider, lastPause));
    ModelDeploymentStatus paused =
        awaitStatus(name, s -> "Paused".equals(s.phase) && s.canaryRevision != null);
    assertThat(paused.currentStep).isEqualTo(1);
    assertThat(paused.weights).isEqualTo(Map.of(stable, 75, paused.canaryRevision, 25));
    assertThat(RouteReader.forProvider(provider).weights(cluster, name))
        .isEqualTo(Map.of(stable, 75, paused.canaryRevision, 25));
    return new Rollout(stable, paused.canaryRevision);
  }

  /** Writes a command as {@code aviary --kube} does and checks it is taken up promptly. */
  private void command(String name, String command) {
    String id = kube.command(name, command);
    awaitConsumed(name, id);
  }

  /** Writes a command as {@code kubectl annotate} would: a plain edit of the annotations. */
  /**
   * Writes the command annotations as {@code kubectl annotate} does: a JSON merge patch without a
   * resource version, so a status write racing it cannot make it fail with a conflict.
   */
  private void annotate(String name, String command) {
    String id = "manual-" + System.nanoTime();
    String patch =
        "{\"metadata\":{\"annotations\":{\""
            + ModelDeploymentResource.COMMAND_ANNOTATION
            + "\":\""
            + command
            + "\",\""
            + ModelDeploymentResource.COMMAND_ID_ANNOTATION
            + "\":\""
            + id
            + "\"}}}";
    client
        .resources(ModelDeploymentResource.class)
        .inNamespace(TestCluster.NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    awaitConsumed(name, id);
  }

  private void awaitConsumed(String name, String id) {
    await()
        .atMost(COMMAND_LATENCY)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> status(name), s -> s != null && id.equals(s.lastCommandId));
  }

  private static ModelDeploymentStatus awaitStatus(
      String name, Predicate<ModelDeploymentStatus> condition) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> status(name), s -> s != null && condition.test(s));
  }

  private static ModelDeploymentStatus status(String name) {
    ModelDeploymentResource md = cluster.get(name);
    return md == null ? null : md.getStatus();
  }

  private static long count(String name, String reason) {
    return cluster.events().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .count();
  }

  private static String name(String scenario, String provider) {
    return scenario + "-" + provider.toLowerCase();
  }
}
