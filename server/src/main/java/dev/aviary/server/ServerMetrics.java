package dev.aviary.server;

import dev.aviary.durations.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The server's Prometheus metrics. Label values are bounded: route templates, status codes, model
 * names and versions from the repository, output names from the model, and at most {@link
 * #MAX_CLASSES} class labels per output (further ones are counted as {@code other}).
 */
final class ServerMetrics implements AutoCloseable {
  static final int MAX_CLASSES = 64;

  /** Bucket bounds of {@code aviary_prediction_probability}. */
  static final double[] PROBABILITY_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

  /** Bucket bounds of {@code aviary_prediction_value} (scores, regression values). */
  static final double[] VALUE_BUCKETS = {
    -1000, -100, -10, -1, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 5, 10, 100, 1000
  };

  private static final Duration[] LATENCY_BUCKETS = LatencyBuckets.bounds();

  private static final Duration[] QUEUE_BUCKETS = {
    Duration.ofNanos(50_000),
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofNanos(2_500_000),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(50)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<List<String>, Object> meters = new ConcurrentHashMap<>();
  private final Map<List<String>, Set<String>> seenClasses = new ConcurrentHashMap<>();
  private final Map<List<String>, OutputMeters> outputMeters = new ConcurrentHashMap<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();

  // The prediction histograms are Prometheus client histograms in the same registry: Micrometer
  // takes only positive bucket bounds, and scores and regression values can be negative.
  private final Histogram predictionValues =
      histogram(
          "aviary_prediction_value",
          "Distribution of floating-point output values (scores, regression values)",
          VALUE_BUCKETS,
          "model",
          "version",
          "output");
  private final Histogram predictionProbabilities =
      histogram(
          "aviary_prediction_probability",
          "Predicted probability of each class",
          PROBABILITY_BUCKETS,
          "model",
          "version",
          "output",
          "class");

  ServerMetrics(BooleanSupplier ready, BooleanSupplier draining) {
    // Two Micrometer defaults that `promtool check metrics` flags: an abbreviated unit in
    // process_cpu_time_ns_total (process_cpu_usage stays) and a gauge named *_count.
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count")
                    ? id.withName("system.cpu.processors")
                    : id;
              }
            });
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    FunctionCounter.builder(
            "aviary.log.events.dropped",
            AsyncConsoleAppender.class,
            c -> AsyncConsoleAppender.droppedEvents())
        .description("log events (INFO and lower) dropped because the log writer fell behind")
        .register(registry);
    Gauge.builder("aviary.http.server.requests.in.flight", inFlight, AtomicInteger::get)
        .description("HTTP requests being handled")
        .register(registry);
    Gauge.builder("aviary.server.ready", () -> ready.getAsBoolean() ? 1 : 0)
        .description("1 when every model is loaded and warmed up and the server is not draining")
        .register(registry);
    Gauge.builder("aviary.server.draining", () -> draining.getAsBoolean() ? 1 : 0)
        .description("1 once shutdown has begun")
        .register(registry);
  }

  private Histogram histogram(String name, String help, double[] buckets, String... labels) {
    Histogram.Builder b =
        Histogram.builder()
            .name(name)
            .help(help)
            .labelNames(labels)
            .classicUpperBounds(buckets)
            .classicOnly();
    b.withoutExemplars();
    return b.register(registry.getPrometheusRegistry());
  }

  String scrape() {
    return registry.scrape();
  }

  AtomicInteger inFlight() {
    return inFlight;
  }

  void registerModel(ModelEntry e) {
    Gauge.builder("aviary.model.ready", e, x -> x.ready() ? 1 : 0)
        .description("1 when the model version is loaded and warmed up")
        .tags("model", e.name(), "version", e.version())
        .register(registry);
    Gauge.builder(
            "aviary.model.load.duration",
            e,
            x -> x.state() instanceof ModelEntry.State.Ready r ? r.loadSeconds() : Double.NaN)
        .description("Time taken to create the ONNX Runtime session")
        .baseUnit("seconds")
        .tags("model", e.name(), "version", e.version())
        .register(registry);
    Gauge.builder(
            "aviary.model.warmup.duration",
            e,
            x -> x.state() instanceof ModelEntry.State.Ready r ? r.warmUpSeconds() : Double.NaN)
        .description("Time taken by the warm-up inference")
        .baseUnit("seconds")
        .tags("model", e.name(), "version", e.version())
        .register(registry);
  }

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  /** Clients choose the method name freely; only standard ones become label values. */
  void httpRequest(String route, String anyMethod, int status, long nanos) {
    String method = METHODS.contains(anyMethod) ? anyMethod : "other";
    ((Timer)
            meters.computeIfAbsent(
                List.of("http", route, method, Integer.toString(status)),
                k ->
                    Timer.builder("aviary.http.server.requests")
                        .description("HTTP requests by route template, method and status")
                        .tags("route", route, "method", method, "status", k.get(3))
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry)))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Outcome is one of success, client_error, server_error, unavailable. */
  void inference(String model, String version, String outcome, long nanos) {
    ((Counter)
            meters.computeIfAbsent(
                List.of("inf", model, version, outcome),
                k ->
                    Counter.builder("aviary.inference.requests")
                        .description("Inference requests (V2 infer and V1 predict) by outcome")
                        .tags("model", model, "version", version, "outcome", outcome)
                        .register(registry)))
        .increment();
    ((Timer)
            meters.computeIfAbsent(
                List.of("lat", model, version),
                k ->
                    Timer.builder("aviary.inference.duration")
                        .description("Inference request latency, body decoding to encoded reply")
                        .tags("model", model, "version", version)
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry)))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Registers the queue length gauge of a model version's batcher. */
  void batchQueue(String model, String version, java.util.function.IntSupplier length) {
    // A gauge holds its object weakly by default: a method reference held by nobody else is
    // collected at the next GC and the gauge reads NaN from then on.
    Gauge.builder("aviary.batch.queue.length", length, IntSupplierAdapter::get)
        .strongReference(true)
        .description("Requests waiting to join a batch")
        .tags("model", model, "version", version)
        .register(registry);
  }

  /** Time a request waited in the batch queue. */
  void batchQueued(String model, String version, long nanos) {
    ((Timer)
            meters.computeIfAbsent(
                List.of("bq", model, version),
                k ->
                    Timer.builder("aviary.batch.queue.duration")
                        .description("Time requests waited in the batch queue")
                        .tags("model", model, "version", version)
                        .serviceLevelObjectives(QUEUE_BUCKETS)
                        .register(registry)))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Rows in one model call made by the batcher. */
  void batchSize(String model, String version, int rows) {
    ((DistributionSummary)
            meters.computeIfAbsent(
                List.of("bs", model, version),
                k ->
                    DistributionSummary.builder("aviary.batch.size")
                        .description("Rows per model call made by the batcher")
                        .tags("model", model, "version", version)
                        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                        .register(registry)))
        .record(rows);
  }

  private static final class IntSupplierAdapter {
    static double get(java.util.function.IntSupplier s) {
      return s.getAsInt();
    }
  }

  /** Registers the gauge of payload log events waiting to be written. */
  void payloadLogQueue(java.util.function.IntSupplier length) {
    Gauge.builder("aviary.payload.log.queue.length", length, IntSupplierAdapter::get)
        .strongReference(true)
        .description("Payload log events waiting to be written")
        .register(registry);
  }

  /** Outcome is written, dropped (buffer full) or failed (the sink refused or broke). */
  void payloadLog(String outcome) {
    ((Counter)
            meters.computeIfAbsent(
                List.of("pl", outcome),
                k ->
                    Counter.builder("aviary.payload.log.events")
                        .description("Payload log events by outcome")
                        .tags("outcome", outcome)
                        .register(registry)))
        .increment();
  }

  /** Records the distribution of what a model version predicted. */
  void predictions(String model, String version, List<Tensor> outputs) {
    for (Tensor t : outputs) {
      if (!t.classes().isEmpty()) {
        recordProbabilities(model, version, t);
      } else if (t.datatype().isFloatingPoint()) {
        OutputMeters m = outputMeters(model, version, t.name());
        if (ProbabilityRows.matches(t)) {
          recordProbabilityRows(m, t);
        }
        DistributionDataPoint s = m.values();
        for (int i = 0, n = t.size(); i < n; i++) {
          double v = ((Number) t.element(i)).doubleValue();
          if (!Double.isNaN(v)) {
            s.observe(v);
          }
        }
      } else if (isLabelShaped(t.shape())) {
        for (int i = 0, n = t.size(); i < n; i++) {
          classCounter(model, version, t.name(), String.valueOf(t.element(i))).increment();
        }
      }
    }
  }

  private OutputMeters outputMeters(String model, String version, String output) {
    return outputMeters.computeIfAbsent(
        List.of(model, version, output), k -> new OutputMeters(model, version, output));
  }

  /**
   * The meters of one floating-point output, looked up once instead of once per row: the series of
   * a column index never changes once chosen (a class label beyond {@link #MAX_CLASSES} stays
   * {@code other}).
   */
  private final class OutputMeters {
    private final String model;
    private final String version;
    private final String output;
    private volatile DistributionDataPoint values;
    private volatile DistributionDataPoint[] probabilities = new DistributionDataPoint[0];
    private volatile Counter[] classes = new Counter[0];

    OutputMeters(String model, String version, String output) {
      this.model = model;
      this.version = version;
      this.output = output;
    }

    DistributionDataPoint values() {
      DistributionDataPoint v = values;
      if (v == null) {
        v = valueSummary(model, version, output);
        values = v;
      }
      return v;
    }

    DistributionDataPoint probability(int column) {
      DistributionDataPoint[] a = probabilities;
      if (column < a.length && a[column] != null) {
        return a[column];
      }
      DistributionDataPoint p =
          probabilitySummary(model, version, output, Integer.toString(column));
      a = java.util.Arrays.copyOf(a, Math.max(a.length, column + 1));
      a[column] = p;
      probabilities = a;
      return p;
    }

    Counter columnClass(int column) {
      Counter[] a = classes;
      if (column < a.length && a[column] != null) {
        return a[column];
      }
      Counter c = classCounter(model, version, output, Integer.toString(column));
      a = java.util.Arrays.copyOf(a, Math.max(a.length, column + 1));
      a[column] = c;
      classes = a;
      return c;
    }
  }

  private static boolean isLabelShaped(long[] shape) {
    return shape.length == 1 || (shape.length == 2 && shape[1] == 1);
  }

  private void recordProbabilities(String model, String version, Tensor t) {
    int classes = t.classes().size();
    for (int j = 0; j < classes; j++) {
      DistributionDataPoint s =
          probabilitySummary(model, version, t.name(), String.valueOf(t.classes().get(j)));
      for (int i = j; i < t.size(); i += classes) {
        s.observe(((Number) t.element(i)).doubleValue());
      }
    }
  }

  /**
   * A probability tensor without class names: classes are the column indices; the predicted class
   * of a row is its most probable column.
   */
  private void recordProbabilityRows(OutputMeters m, Tensor t) {
    int columns = (int) t.shape()[1];
    for (int j = 0; j < columns; j++) {
      DistributionDataPoint s = m.probability(j);
      for (int i = j; i < t.size(); i += columns) {
        s.observe(((Number) t.element(i)).doubleValue());
      }
    }
    for (int row = 0, rows = t.size() / columns; row < rows; row++) {
      m.columnClass(ProbabilityRows.argmax(t, row)).increment();
    }
  }

  private DistributionDataPoint probabilitySummary(
      String model, String version, String output, String value) {
    String label = boundedClass(model, version, output, value);
    return (DistributionDataPoint)
        meters.computeIfAbsent(
            List.of("prob", model, version, output, label),
            k -> predictionProbabilities.labelValues(model, version, output, label));
  }

  private DistributionDataPoint valueSummary(String model, String version, String output) {
    return (DistributionDataPoint)
        meters.computeIfAbsent(
            List.of("value", model, version, output),
            k -> predictionValues.labelValues(model, version, output));
  }

  private Counter classCounter(String model, String version, String output, String value) {
    String label = boundedClass(model, version, output, value);
    return (Counter)
        meters.computeIfAbsent(
            List.of("class", model, version, output, label),
            k ->
                Counter.builder("aviary.predictions")
                    .description("Predicted labels, counted per class")
                    .tags("model", model, "version", version, "output", output, "class", label)
                    .register(registry));
  }

  private String boundedClass(String model, String version, String output, String value) {
    Set<String> seen =
        seenClasses.computeIfAbsent(
            List.of(model, version, output), k -> ConcurrentHashMap.newKeySet());
    if (seen.contains(value)) {
      return value;
    }
    synchronized (seen) {
      if (seen.size() < MAX_CLASSES) {
        seen.add(value);
        return value;
      }
    }
    return "other";
  }

  /** The live monitoring series of one model version; NaN while its window is too small. */
  void monitor(LiveMonitor.Version v) {
    List<dev.aviary.monitor.WindowReport.Feature> features = v.report().features();
    for (int i = 0; i < features.size(); i++) {
      int f = i;
      var first = features.get(i);
      String[] tags = {"model", v.model, "version", v.version, "feature", first.name()};
      Gauge.builder("aviary.feature.drift.score", v, x -> x.report().features().get(f).score())
          .description("Drift of the feature's live window from the training baseline")
          .tags(tags)
          .tag("measure", first.measure())
          .register(registry);
      Gauge.builder(
              "aviary.feature.drift.detected", v, x -> flag(x.report().features().get(f).drifted()))
          .description("1 when the feature's drift score reaches its threshold")
          .tags(tags)
          .register(registry);
      Gauge.builder(
              "aviary.feature.missing.ratio", v, x -> x.report().features().get(f).missingRatio())
          .description("Share of the live window's rows where the feature is missing")
          .tags(tags)
          .register(registry);
      Gauge.builder(
              "aviary.feature.out.of.range.ratio",
              v,
              x -> x.report().features().get(f).outOfRangeRatio())
          .description(
              "Share of the feature's live values outside the baseline's range or categories")
          .tags(tags)
          .register(registry);
    }
    Gauge.builder("aviary.dataset.drift.share", v, x -> x.report().driftShare())
        .description("Share of the features whose live window drifted")
        .tags("model", v.model, "version", v.version)
        .register(registry);
    Gauge.builder("aviary.dataset.drift.detected", v, x -> flag(x.report().datasetDrift()))
        .description("1 when the drifted share reaches the data set threshold")
        .tags("model", v.model, "version", v.version)
        .register(registry);
    Gauge.builder("aviary.monitor.window.rows", v, x -> x.report().rows())
        .description("Input rows in the live monitoring window")
        .tags("model", v.model, "version", v.version)
        .register(registry);
    FunctionCounter.builder("aviary.feedback", v, x -> x.feedback.get())
        .description("Ground-truth feedback items received")
        .tags("model", v.model, "version", v.version)
        .register(registry);
    FunctionCounter.builder("aviary.feedback.unmatched", v, x -> x.unmatched.get())
        .description("Feedback items whose request id was unknown, expired or already labelled")
        .tags("model", v.model, "version", v.version)
        .register(registry);
    Gauge.builder("aviary.model.accuracy", v, LiveMonitor.Version::accuracy)
        .description("Share of the recently labelled rows the model predicted right")
        .tags("model", v.model, "version", v.version)
        .register(registry);
  }

  void monitorDropped(java.util.function.LongSupplier dropped) {
    FunctionCounter.builder("aviary.monitor.observations.dropped", dropped, d -> d.getAsLong())
        .description("Inferences left out of live monitoring because its queue was full")
        .register(registry);
  }

  private static double flag(Boolean b) {
    return b == null ? Double.NaN : b ? 1 : 0;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
