package dev.aviary.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.monitor.FeedbackLedger;
import dev.aviary.monitor.MonitorWindow;
import dev.aviary.monitor.WindowReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live monitoring of every served model version against the training baseline. Inference only
 * offers what it saw to a bounded queue (an O(1) hand-off; when the queue is full the observation
 * is dropped and counted); one background thread turns observations into rows, adds them to the
 * version's {@link MonitorWindow}, remembers predicted labels in its {@link FeedbackLedger}, and
 * refreshes the report that {@code /metrics} and {@code /monitor} read. Feedback goes through the
 * same queue, so a label never overtakes the prediction it is for.
 */
final class LiveMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveMonitor.class);
  static final int QUEUE = 4096;

  /** One model version's window, ledger and latest report; touched by the monitor thread only. */
  static final class Version {
    final String model;
    final String version;
    final MonitorWindow window;
    final FeedbackLedger ledger;
    final AtomicLong feedback = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();
    volatile WindowReport report;
    volatile double accuracy = Double.NaN;
    volatile String problem;

    Version(String model, String version, MonitorSettings s, Clock clock) {
      this.model = model;
      this.version = version;
      this.window = new MonitorWindow(s.baseline(), s.window());
      this.ledger =
          new FeedbackLedger(
              s.feedbackIds(), s.feedbackRetention(), s.accuracyRows(), s.minLabelled());
      this.report = window.report(clock.instant());
    }

    WindowReport report() {
      return report;
    }

    double accuracy() {
      return accuracy;
    }
  }

  private sealed interface Task {}

  private record Observation(Version v, InferenceRequest request, List<Tensor> outputs)
      implements Task {}

  private record Labels(Version v, List<FeedbackItem> items, CompletableFuture<JsonNode> done)
      implements Task {}

  private record Stop() implements Task {}

  /** One feedback item: a request id and its true label per row. */
  record FeedbackItem(String id, List<String> labels) {}

  private final MonitorSettings settings;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final ConcurrentHashMap<ModelEntry, Version> versions = new ConcurrentHashMap<>();
  private final BlockingQueue<Task> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private long refreshed = System.nanoTime();

  /** Under steady traffic the queue is rarely empty: refresh the reports at least this often. */
  private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  LiveMonitor(MonitorSettings settings, ServerMetrics metrics, Clock clock) {
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    metrics.monitorDropped(dropped::get);
    thread = new Thread(this::run, "aviary-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  /** The version's monitor, created (and its metrics registered) on first use. */
  Version version(ModelEntry e) {
    return versions.computeIfAbsent(
        e,
        k -> {
          Version v = new Version(k.name(), k.version(), settings, clock);
          metrics.monitor(v);
          return v;
        });
  }

  /** Called on the inference path: enqueues, never blocks. */
  void observe(ModelEntry e, InferenceRequest request, List<Tensor> outputs) {
    if (!queue.offer(new Observation(version(e), request, outputs))) {
      dropped.incrementAndGet();
    }
  }

  /** Joins labels; completes with the summary the feedback endpoint answers. */
  CompletableFuture<JsonNode> feedback(ModelEntry e, List<FeedbackItem> items) {
    CompletableFuture<JsonNode> done = new CompletableFuture<>();
    if (!queue.offer(new Labels(version(e), items, done))) {
      done.completeExceptionally(
          ApiException.unavailable("the monitor is behind; retry the feedback later"));
    }
    return done;
  }

  private void run() {
    while (true) {
      Task t;
      try {
        t = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (t instanceof Stop) {
          return;
        } else if (t instanceof Observation o) {
          observe(o);
        } else if (t instanceof Labels l) {
          l.done().complete(join(l));
        }
        long now = System.nanoTime();
        if (t == null || queue.isEmpty() || now - refreshed > REFRESH_NANOS) {
          refreshed = now;
          for (Version v : versions.values()) {
            v.report = v.window.report(clock.instant());
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("monitor: {}", e.toString());
        if (t instanceof Labels l) {
          l.done().completeExceptionally(e);
        }
      }
    }
  }

  private void observe(Observation o) {
    Version v = o.v();
    double[][] rows;
    try {
      rows = MonitoredRows.rows(settings.baseline(), o.request().inputs());
    } catch (IllegalArgumentException e) {
      if (v.problem == null) {
        LOG.warn("monitor of {} version {}: {}", v.model, v.version, e.getMessage());
      }
      v.problem = e.getMessage();
      return;
    }
    var now = clock.instant();
    for (double[] row : rows) {
      v.window.add(row, now);
    }
    String id = o.request().id();
    if (id != null && !id.isEmpty()) {
      List<String> labels = MonitoredRows.labels(o.outputs(), settings.outputClasses());
      if (labels.size() == rows.length) {
        v.ledger.predicted(id, labels, now);
      }
    }
  }

  private JsonNode join(Labels l) {
    Version v = l.v();
    var now = clock.instant();
    int matched = 0;
    List<String> unmatched = new ArrayList<>();
    List<String> wrongRows = new ArrayList<>();
    for (FeedbackItem item : l.items()) {
      v.feedback.incrementAndGet();
      switch (v.ledger.labelled(item.id(), item.labels(), now)) {
        case MATCHED -> matched++;
        case UNMATCHED -> {
          v.unmatched.incrementAndGet();
          unmatched.add(item.id());
        }
        case WRONG_ROWS -> wrongRows.add(item.id());
      }
    }
    v.accuracy = v.ledger.accuracy();
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("received", l.items().size());
    n.put("matched", matched);
    ArrayNode u = n.putArray("unmatched");
    unmatched.stream().limit(100).forEach(u::add);
    n.put("unmatched_count", unmatched.size());
    ArrayNode w = n.putArray("wrong_rows");
    wrongRows.stream().limit(100).forEach(w::add);
    return n;
  }

  /** The {@code GET .../monitor} document of one version. */
  JsonNode describe(ModelEntry e) {
    Version v = version(e);
    WindowReport r = v.report;
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("model", v.model);
    n.put("version", v.version);
    n.put("window_rows", r.rows());
    n.put("window_capacity", settings.window().capacity());
    n.put("min_rows", r.minRows());
    if (settings.window().maxAge() != null) {
      n.put("window_max_age", dev.aviary.durations.Durations.format(settings.window().maxAge()));
    }
    putNumber(n, "dataset_drift_share", r.driftShare());
    if (r.datasetDrift() == null) {
      n.putNull("dataset_drift");
    } else {
      n.put("dataset_drift", r.datasetDrift());
    }
    ObjectNode fs = n.putObject("features");
    for (WindowReport.Feature f : r.features()) {
      ObjectNode o = fs.putObject(f.name());
      o.put("kind", f.kind().id());
      o.put("measure", f.measure());
      putNumber(o, "score", f.score());
      o.put("threshold", f.threshold());
      if (f.drifted() == null) {
        o.putNull("drifted");
      } else {
        o.put("drifted", f.drifted());
      }
      putNumber(o, "missing_ratio", f.missingRatio());
      putNumber(o, "out_of_range_ratio", f.outOfRangeRatio());
    }
    ObjectNode fb = n.putObject("feedback");
    fb.put("received", v.feedback.get());
    fb.put("unmatched", v.unmatched.get());
    putNumber(fb, "accuracy", v.accuracy);
    n.put("dropped_observations", dropped.get());
    if (v.problem != null) {
      n.put("problem", v.problem);
    }
    return n;
  }

  private static void putNumber(ObjectNode n, String field, double v) {
    if (Double.isNaN(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  @Override
  public void close() {
    queue.clear();
    queue.offer(new Stop());
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
