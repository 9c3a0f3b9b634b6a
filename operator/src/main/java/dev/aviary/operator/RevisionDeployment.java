package dev.aviary.operator;

import dev.aviary.engine.Revision;
import dev.aviary.spec.ServerSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired Deployment of one revision: {@code <name>-<revision>} running {@code aviary serve}.
 *
 * <p>Shutdown timing matches the server's drain: the preStop hook waits {@link #PRE_STOP_SECONDS}
 * so that endpoints are removed before SIGTERM; the server then reports not-ready for its drain
 * delay and finishes in-flight requests within its shutdown timeout; the grace period covers all
 * three plus a margin.
 */
public final class RevisionDeployment {
  public static final int PORT = 9000;
  public static final int PRE_STOP_SECONDS = 5;
  public static final int DRAIN_DELAY_SECONDS = 5;
  public static final int SHUTDOWN_TIMEOUT_SECONDS = 30;
  public static final long GRACE_SECONDS =
      PRE_STOP_SECONDS + DRAIN_DELAY_SECONDS + SHUTDOWN_TIMEOUT_SECONDS + 5;

  private RevisionDeployment() {}

  public static String name(String deployment, String revisionId) {
    return deployment + "-" + revisionId;
  }

  public static Deployment desired(
      Owned owned,
      Revision revision,
      int replicas,
      int progressDeadlineSeconds,
      OperatorSettings s) {
    Map<String, String> labels = Labels.revision(owned.name(), revision.id());
    ServerSettings server = revision.server();
    ModelLocation model = ModelLocation.parse(revision.model().uri());
    String modelPath = model.pathInContainer();

    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "serve",
            "--model",
            modelPath,
            "--name",
            revision.model().name(),
            "--version",
            revision.model().version(),
            "--host",
            "0.0.0.0",
            "--port",
            Integer.toString(PORT),
            "--drain-delay",
            DRAIN_DELAY_SECONDS + "s",
            "--shutdown-timeout",
            SHUTDOWN_TIMEOUT_SECONDS + "s"));
    args.addAll(server.args());
    List<EnvVar> env = new ArrayList<>();
    new java.util.TreeMap<>(server.env()).forEach((k, v) -> env.add(new EnvVar(k, v, null)));
    env.add(new EnvVar("AVIARY_REVISION", revision.id(), null));

    ServerSettings.Probes probes = server.probes();
    ServerSettings.Probe readiness = probes == null ? null : probes.readiness();
    ServerSettings.Probe liveness = probes == null ? null : probes.liveness();

    ContainerBuilder c =
        new ContainerBuilder()
            .withName("server")
            .withImage(server.image() != null ? server.image() : s.serverImage())
            .withArgs(args)
            .withEnv(env)
            .addNewPort()
            .withName("http")
            .withContainerPort(PORT)
            .withProtocol("TCP")
            .endPort()
            .withStartupProbe(
                probe(
                    "/readyz", null, 2, 2, Math.max(1, Math.min(100, progressDeadlineSeconds / 2))))
            .withReadinessProbe(override(probe("/readyz", 0, 2, 2, 2), readiness))
            .withLivenessProbe(override(probe("/healthz", 0, 10, 2, 3), liveness))
            .withNewLifecycle()
            .withNewPreStop()
            .withNewSleep()
            .withSeconds((long) PRE_STOP_SECONDS)
            .endSleep()
            .endPreStop()
            .endLifecycle()
            .withSecurityContext(
                new SecurityContextBuilder()
                    .withRunAsNonRoot(true)
                    .withReadOnlyRootFilesystem(true)
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities()
                    .withDrop("ALL")
                    .endCapabilities()
                    .build())
            .addToVolumeMounts(
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    if (!(model instanceof ModelLocation.InImage)) {
      c.addToVolumeMounts(
          new VolumeMountBuilder()
              .withName("model")
              .withMountPath(ModelLocation.MOUNT)
              .withReadOnly(true)
              .build());
    }
    if (server.resources() != null) {
      Map<String, Quantity> requests = new LinkedHashMap<>();
      Map<String, Quantity> limits = new LinkedHashMap<>();
      if (server.resources().cpu() != null) {
        requests.put("cpu", new Quantity(server.resources().cpu()));
      }
      if (server.resources().memory() != null) {
        requests.put("memory", new Quantity(server.resources().memory()));
        limits.put("memory", new Quantity(server.resources().memory()));
      }
      c.withResources(
          new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build());
    }
    Container container = c.build();

    DeploymentBuilder d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name(owned.name(), revision.id()))
            .withNamespace(owned.namespace())
            .withLabels(labels)
            .addToAnnotations("aviary.dev/revision-number", Integer.toString(revision.number()))
            .withOwnerReferences(owned.owner())
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .withMatchLabels(Labels.revisionSelector(owned.name(), revision.id()))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(GRACE_SECONDS)
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(65532L)
            .withFsGroup(65532L)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .withContainers(container)
            .addToVolumes(
                new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
            .endSpec()
            .endTemplate()
            .endSpec();
    Deployment out = d.build();
    var pod = out.getSpec().getTemplate().getSpec();
    if (model instanceof ModelLocation.Fetched f) {
      pod.getVolumes()
          .add(new VolumeBuilder().withName("model").withNewEmptyDir().endEmptyDir().build());
      pod.setInitContainers(
          List.of(
              new ContainerBuilder()
                  .withName("fetch-model")
                  .withImage(s.fetchImage())
                  .withCommand("wget", "-q", "-O", ModelLocation.Fetched.PATH, f.url())
                  .withSecurityContext(container.getSecurityContext())
                  .addToVolumeMounts(
                      new VolumeMountBuilder()
                          .withName("model")
                          .withMountPath(ModelLocation.MOUNT)
                          .build())
                  .build()));
    } else if (model instanceof ModelLocation.Claimed claimed) {
      pod.getVolumes()
          .add(
              new VolumeBuilder()
                  .withName("model")
                  .withNewPersistentVolumeClaim()
                  .withClaimName(claimed.claim())
                  .withReadOnly(true)
                  .endPersistentVolumeClaim()
                  .build());
    }
    return out;
  }

  private static Probe probe(
      String path, Integer initialDelay, int period, int timeout, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withNewPort("http")
        .endHttpGet()
        .withInitialDelaySeconds(initialDelay)
        .withPeriodSeconds(period)
        .withTimeoutSeconds(timeout)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static Probe override(Probe p, ServerSettings.Probe o) {
    if (o == null) {
      return p;
    }
    if (o.path() != null) {
      p.getHttpGet().setPath(o.path());
    }
    if (o.initialDelaySeconds() != null) {
      p.setInitialDelaySeconds(o.initialDelaySeconds());
    }
    if (o.periodSeconds() != null) {
      p.setPeriodSeconds(o.periodSeconds());
    }
    if (o.timeoutSeconds() != null) {
      p.setTimeoutSeconds(o.timeoutSeconds());
    }
    if (o.failureThreshold() != null) {
      p.setFailureThreshold(o.failureThreshold());
    }
    return p;
  }
}
