package dev.aviary.local;

import dev.aviary.engine.Observations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small kubelet: keeps the wanted number of {@code aviary serve} processes per revision, probes
 * them (startup, readiness, liveness), restarts crashed or unhealthy ones with exponential backoff,
 * and scales down gracefully (SIGTERM, then SIGKILL after the grace period). It does the process
 * and HTTP work; what a probe result means is {@link ProbeState}'s decision and when to restart is
 * {@link RestartPolicy}'s.
 */
final class Supervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  /** Receives what the supervisor noticed, for events and for waking the control loop. */
  interface Listener {
    void changed(String deployment, String reason, String message, boolean warning);
  }

  private final List<String> serveCommand;
  private final Path logDir;
  private final Store store;
  private final Clock clock;
  private final Duration grace;
  private final RestartPolicy restarts;
  private final Listener listener;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "aviary-supervisor"));
  private final Map<String, Replica> replicas = new LinkedHashMap<>(); // key dep/rev/name
  private boolean closed;

  Supervisor(
      List<String> serveCommand,
      Path logDir,
      Store store,
      Clock clock,
      Duration grace,
      RestartPolicy restarts,
      Listener listener) {
    this.serveCommand = List.copyOf(serveCommand);
    this.logDir = logDir;
    this.store = store;
    this.clock = clock;
    this.grace = grace;
    this.restarts = restarts;
    this.listener = listener;
  }

  void start() {
    ticker.scheduleWithFixedDelay(this::tickSafely, 100, 100, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes over replicas a previous platform process left running: those still alive and answering
   * their liveness probe are kept (readiness is probed before this returns), the rest forgotten.
   */
  synchronized void adopt(List<Store.StoredReplica> stored, Map<String, ReplicaSpec> specs) {
    for (Store.StoredReplica s : stored) {
      ReplicaSpec spec = specs.get(s.deployment() + "/" + s.revision());
      ProcessHandle h = ProcessHandle.of(s.pid()).filter(ProcessHandle::isAlive).orElse(null);
      ProbeResult live = spec == null || h == null ? null : probeNow(s.port(), "/healthz");
      if (live == null || !live.ok()) {
        store.removeReplica(s.deployment(), s.revision(), s.replica());
        if (h != null && spec == null) {
          h.destroy(); // ours, but no revision wants it; the control loop says why (CannotRun)
          LOG.info(
              "stopped replica {} of {}: no runnable revision wants it", s.replica(), s.revision());
        } else if (h != null) {
          listener.changed(
              s.deployment(),
              "ReplicaNotAdopted",
              "running replica "
                  + s.replica()
                  + " of "
                  + s.revision()
                  + " (pid "
                  + s.pid()
                  + ") did not answer its liveness probe ("
                  + live.detail()
                  + "); forgotten",
              true);
        }
        continue;
      }
      Replica r = new Replica(spec, s.replica(), logFile(spec, s.replica()));
      r.process = h;
      r.port = s.port();
      r.adopted = true;
      boolean ready = probeNow(s.port(), spec.readiness().path()).ok();
      r.probes = ProbeState.adopted(spec, clock.instant(), ready);
      watchExit(r, h);
      replicas.put(key(r), r);
      listener.changed(
          s.deployment(),
          "ReplicaAdopted",
          "adopted running replica " + r.name + " of " + s.revision() + " (pid " + s.pid() + ")",
          false);
    }
  }

  /** Makes the replicas of {@code deployment} match {@code wanted} (revision id → count). */
  synchronized void reconcile(String deployment, Map<ReplicaSpec, Integer> wanted) {
    Map<String, ReplicaSpec> specs = new LinkedHashMap<>();
    wanted.forEach((spec, n) -> specs.put(spec.revisionId(), spec));
    for (Map.Entry<ReplicaSpec, Integer> e : wanted.entrySet()) {
      ReplicaSpec spec = e.getKey();
      List<Replica> current = active(deployment, spec.revisionId());
      for (int i = current.size(); i < e.getValue(); i++) {
        startNew(spec);
      }
      if (current.size() > e.getValue()) {
        current.sort(
            Comparator.comparing((Replica r) -> r.ready() ? 1 : 0)
                .thenComparing(r -> -index(r.name)));
        for (Replica r : current.subList(0, current.size() - e.getValue())) {
          terminate(r, "scaled down");
        }
      }
    }
    for (Replica r : new ArrayList<>(replicas.values())) {
      if (r.spec.deployment().equals(deployment)
          && !specs.containsKey(r.spec.revisionId())
          && r.state != Replica.State.Terminating) {
        terminate(r, "scaled down");
      }
    }
  }

  /** Ready and available replicas per revision id of one deployment. */
  synchronized Map<String, Observations.Replicas> observed(String deployment) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (Replica r : replicas.values()) {
      if (r.spec.deployment().equals(deployment) && r.state != Replica.State.Terminating) {
        int[] c = counts.computeIfAbsent(r.spec.revisionId(), k -> new int[1]);
        if (r.ready()) {
          c[0]++;
        }
      }
    }
    Map<String, Observations.Replicas> out = new LinkedHashMap<>();
    counts.forEach((rev, c) -> out.put(rev, new Observations.Replicas(c[0], c[0])));
    return out;
  }

  /** Ports of the ready replicas of one revision. */
  synchronized List<Integer> readyPorts(String deployment, String revisionId) {
    List<Integer> out = new ArrayList<>();
    for (Replica r : replicas.values()) {
      if (r.spec.deployment().equals(deployment)
          && r.spec.revisionId().equals(revisionId)
          && r.ready()) {
        out.add(r.port);
      }
    }
    return out;
  }

  synchronized List<ReplicaView> views(String deployment) {
    return replicas.values().stream()
        .filter(r -> deployment == null || r.spec.deployment().equals(deployment))
        .map(Replica::view)
        .toList();
  }

  /** Stops everything: SIGTERM to every replica, SIGKILL to those still up after the grace. */
  @Override
  public void close() {
    List<ProcessHandle> handles = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Replica r : replicas.values()) {
        if (r.process != null && r.process.isAlive()) {
          r.process.destroy();
          handles.add(r.process);
        }
        store.removeReplica(r.spec.deployment(), r.spec.revisionId(), r.name);
      }
      replicas.clear();
    }
    ticker.shutdownNow();
    Instant deadline = Instant.now().plus(grace);
    for (ProcessHandle h : handles) {
      try {
        long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        h.onExit().get(left, TimeUnit.MILLISECONDS);
      } catch (Exception timeout) {
        h.destroyForcibly();
      }
    }
  }

  private List<Replica> active(String deployment, String revisionId) {
    List<Replica> out = new ArrayList<>();
    for (Replica r : replicas.values()) {
      if (r.spec.deployment().equals(deployment)
          && r.spec.revisionId().equals(revisionId)
          && r.state != Replica.State.Terminating) {
        out.add(r);
      }
    }
    return out;
  }

  private void startNew(ReplicaSpec spec) {
    int i = 0;
    while (replicas.containsKey(spec.deployment() + "/" + spec.revisionId() + "/r" + i)) {
      i++;
    }
    String name = "r" + i;
    Replica r = new Replica(spec, name, logFile(spec, name));
    replicas.put(key(r), r);
    launch(r);
  }

  private void launch(Replica r) {
    Instant now = clock.instant();
    try {
      Files.createDirectories(r.log.getParent());
      r.port = freePort();
      List<String> command = new ArrayList<>(serveCommand);
      command.addAll(r.spec.serveArgs(r.port));
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(r.log.toFile()));
      pb.environment().putAll(r.spec.env());
      Process p = pb.start();
      r.process = p.toHandle();
      r.state = Replica.State.Running;
      r.probes = ProbeState.started(r.spec, now);
      store.putReplica(
          new Store.StoredReplica(
              r.spec.deployment(), r.spec.revisionId(), r.name, p.pid(), r.port));
      watchExit(r, r.process);
      LOG.info(
          "started replica {} of {} ({}) pid {} port {}",
          r.name,
          r.spec.revisionId(),
          r.spec.deployment(),
          p.pid(),
          r.port);
    } catch (IOException e) {
      backOff(r, "cannot start: " + e.getMessage());
    }
  }

  private void watchExit(Replica r, ProcessHandle h) {
    h.onExit()
        .thenRun(
            () -> {
              synchronized (Supervisor.this) {
                if (closed || r.process != h || !replicas.containsKey(key(r))) {
                  return;
                }
                if (r.state == Replica.State.Terminating) {
                  replicas.remove(key(r));
                  store.removeReplica(r.spec.deployment(), r.spec.revisionId(), r.name);
                  return;
                }
                backOff(r, "exited");
              }
            });
  }

  private void backOff(Replica r, String why) {
    boolean wasReady = r.ready();
    RestartPolicy.Restart restart = restarts.afterFailure(r.restarts, clock.instant());
    r.state = Replica.State.BackOff;
    r.restartAt = restart.at();
    r.restarts = restart.restarts();
    if (r.process != null && r.process.isAlive()) {
      r.process.destroyForcibly();
    }
    String msg = restart.describe(r.name, r.spec.revisionId(), why);
    LOG.warn(msg);
    listener.changed(r.spec.deployment(), restart.reason(), msg, true);
    if (wasReady) {
      listener.changed(r.spec.deployment(), "ReplicaNotReady", "", false);
    }
  }

  private void terminate(Replica r, String why) {
    boolean wasReady = r.ready();
    r.state = Replica.State.Terminating;
    r.killAt = clock.instant().plus(grace);
    if (r.process != null && r.process.isAlive()) {
      r.process.destroy(); // SIGTERM: the server drains, then exits
    } else {
      replicas.remove(key(r));
      store.removeReplica(r.spec.deployment(), r.spec.revisionId(), r.name);
    }
    LOG.info("stopping replica {} of {}: {}", r.name, r.spec.revisionId(), why);
    if (wasReady) {
      listener.changed(r.spec.deployment(), "ReplicaStopping", "", false);
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.error("supervisor tick failed", e);
    }
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    for (Replica r : new ArrayList<>(replicas.values())) {
      switch (r.state) {
        case BackOff -> {
          if (!now.isBefore(r.restartAt)) {
            launch(r);
          }
        }
        case Terminating -> {
          if (now.isAfter(r.killAt) && r.process != null && r.process.isAlive()) {
            LOG.warn("replica {} did not stop within the grace period; SIGKILL", r.name);
            r.process.destroyForcibly();
          }
        }
        default -> probe(r, now);
      }
    }
  }

  private void probe(Replica r, Instant now) {
    ProbeState p = r.probes;
    if (p.startupTimedOut(now)) {
      backOff(r, "did not start within " + p.startupTimeout().toSeconds() + " s");
      return;
    }
    r.restarts = restarts.restartsAfter(r.restarts, p.readySince(), now);
    if (p.takeLivenessProbe(now)) {
      send(r.port, p.livenessProbe()).thenAccept(res -> livenessResult(r, p, res));
    }
    if (p.takeReadinessProbe(now)) {
      send(r.port, p.readinessProbe()).thenAccept(res -> readinessResult(r, p, res));
    }
  }

  /** A result about a process that is no longer the replica's running one changes nothing. */
  private boolean stale(Replica r, ProbeState p) {
    return closed || r.probes != p || r.state != Replica.State.Running;
  }

  private synchronized void livenessResult(Replica r, ProbeState p, ProbeResult res) {
    if (stale(r, p)) {
      return;
    }
    if (p.livenessResult(res.ok(), clock.instant()) == ProbeState.Change.DEAD) {
      backOff(
          r, "failed its liveness probe " + p.livenessFailures() + " times (" + res.detail() + ")");
    }
  }

  private synchronized void readinessResult(Replica r, ProbeState p, ProbeResult res) {
    if (stale(r, p)) {
      return;
    }
    switch (p.readinessResult(res.ok(), clock.instant())) {
      case BECAME_READY ->
          listener.changed(
              r.spec.deployment(),
              "ReplicaReady",
              "replica " + r.name + " of " + r.spec.revisionId() + " is ready on port " + r.port,
              false);
      case BECAME_NOT_READY ->
          listener.changed(
              r.spec.deployment(),
              "ReplicaNotReady",
              "replica "
                  + r.name
                  + " of "
                  + r.spec.revisionId()
                  + " failed its readiness probe ("
                  + res.detail()
                  + ")",
              true);
      default -> {}
    }
  }

  /** One probe's outcome; {@code detail} says why it failed (the status, or the I/O error). */
  record ProbeResult(boolean ok, String detail) {
    static ProbeResult of(int status) {
      return new ProbeResult(status >= 200 && status < 400, "HTTP " + status);
    }

    static ProbeResult failed(Throwable e) {
      Throwable cause =
          e instanceof java.util.concurrent.CompletionException && e.getCause() != null
              ? e.getCause()
              : e;
      return new ProbeResult(
          false,
          cause.getMessage() == null
              ? cause.getClass().getSimpleName()
              : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
  }

  private java.util.concurrent.CompletableFuture<ProbeResult> send(int port, ProbeSettings p) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + p.path()))
            .timeout(p.timeout())
            .build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
        .thenApply(resp -> ProbeResult.of(resp.statusCode()))
        .exceptionally(ProbeResult::failed);
  }

  private ProbeResult probeNow(int port, String path) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(2))
              .build();
      return ProbeResult.of(http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException e) {
      return ProbeResult.failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.failed(e);
    }
  }

  private Path logFile(ReplicaSpec spec, String name) {
    return logDir.resolve(spec.deployment()).resolve(spec.revisionId()).resolve(name + ".log");
  }

  private static String key(Replica r) {
    return r.spec.deployment() + "/" + r.spec.revisionId() + "/" + r.name;
  }

  private static int index(String name) {
    return Integer.parseInt(name.substring(1));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
