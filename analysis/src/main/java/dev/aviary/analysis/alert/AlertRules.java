package dev.aviary.analysis.alert;

import dev.aviary.analysis.alert.Expr.Aggregate;
import dev.aviary.analysis.alert.Expr.Arithmetic;
import dev.aviary.analysis.alert.Expr.Binary;
import dev.aviary.analysis.alert.Expr.Compare;
import dev.aviary.analysis.alert.Expr.Comparison;
import dev.aviary.analysis.alert.Expr.Op;
import dev.aviary.analysis.alert.Expr.Range;
import dev.aviary.analysis.alert.Expr.RangeFunction;
import dev.aviary.analysis.alert.Expr.Select;
import dev.aviary.spec.AlertSettings;
import dev.aviary.spec.Alerts;
import dev.aviary.spec.Monitoring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert and recording rules of a deployment, from its {@code spec.monitoring}: the one
 * definition that {@code aviary monitor rules} writes for Prometheus and {@code aviary up}
 * evaluates itself. Metric names are those the model server, the gateway and the platform export.
 */
public final class AlertRules {
  /**
   * Where the runbook sections are unless told otherwise: the page in the repository. The anchor of
   * an alert's section is its name in lower case.
   */
  public static final String DEFAULT_RUNBOOK_BASE = "docs/alerting.md#";

  public static final String REQUESTS = "aviary_inference_requests_total";
  public static final String LATENCY_BUCKETS = "aviary_inference_duration_seconds_bucket";
  public static final String MODEL_READY = "aviary_model_ready";
  public static final String PROCESS_START = "process_start_time_seconds";
  public static final String ROLLOUT_PHASE = "aviary_rollout_phase";
  public static final String FEATURE_DRIFT = "aviary_feature_drift_score";
  public static final String DATASET_DRIFT = "aviary_dataset_drift_share";
  public static final String PROBABILITY = "aviary_prediction_probability";
  public static final String ACCURACY = "aviary_model_accuracy";

  /** Restarts are counted over this range for crashLooping. */
  public static final Duration RESTART_RANGE = Duration.ofMinutes(15);

  /** predictionShift compares a window with the same window this long before. */
  public static final Duration SHIFT_BASELINE = Duration.ofDays(1);

  private static final List<String> VERSION = List.of("model", "version");
  private static final String FAILED = "server_error|unavailable";

  private final Monitoring monitoring;
  private final List<Matcher> model;
  private final List<Matcher> deployment;
  private final String runbookBase;

  private AlertRules(
      Monitoring monitoring, List<Matcher> model, List<Matcher> deployment, String runbookBase) {
    this.monitoring = monitoring;
    this.model = model;
    this.deployment = deployment;
    this.runbookBase = runbookBase;
  }

  /** The same rules with runbook links under {@code base} (e.g. where the docs are served). */
  public AlertRules withRunbookBase(String base) {
    return new AlertRules(monitoring, model, deployment, base);
  }

  /** Rules over every model and deployment Prometheus scrapes. */
  public static AlertRules forAll(Monitoring monitoring) {
    return new AlertRules(monitoring, List.of(), List.of(), DEFAULT_RUNBOOK_BASE);
  }

  /** Rules over one deployment's series: its model name and deployment name. */
  public static AlertRules forDeployment(Monitoring monitoring, String model, String deployment) {
    return new AlertRules(
        monitoring,
        List.of(Matcher.eq("model", model)),
        List.of(Matcher.eq("deployment", deployment)),
        DEFAULT_RUNBOOK_BASE);
  }

  /** The rules that are on, in a fixed order. */
  public List<AlertRule> alerts() {
    Alerts a = monitoring.alerts();
    List<AlertRule> out = new ArrayList<>();
    add(
        out,
        "AviaryErrorRateHigh",
        a.errorRate(),
        new Compare(errorRatio(), Comparison.ABOVE, a.errorRate().threshold()),
        "{{ $labels.model }} {{ $labels.version }}: too many requests fail",
        "More than "
            + percent(a.errorRate().threshold())
            + " of inference requests failed"
            + " (server_error or unavailable) over "
            + window()
            + ".");
    add(
        out,
        "AviaryLatencyP99High",
        a.latencyP99(),
        new Compare(latencyQuantile(0.99), Comparison.ABOVE, a.latencyP99().threshold()),
        "{{ $labels.model }} {{ $labels.version }}: p99 latency above the SLO",
        "The 99th percentile inference latency over "
            + window()
            + " is above "
            + Expr.number(a.latencyP99().threshold())
            + "s.");
    add(
        out,
        "AviaryNoTraffic",
        a.noTraffic(),
        new Compare(
            new Aggregate(Op.SUM, List.of("model"), rate(REQUESTS, model)), Comparison.EQUAL, 0),
        "{{ $labels.model }} receives no requests",
        "No inference request reached any version of the model over " + window() + ".");
    add(
        out,
        "AviaryReplicaNotReady",
        a.replicasNotReady(),
        new Compare(new Select(MODEL_READY, model), Comparison.EQUAL, 0),
        "{{ $labels.model }} {{ $labels.version }} is not ready on {{ $labels.instance }}",
        "A replica serves /metrics but reports the model version not loaded or not warmed up.");
    add(
        out,
        "AviaryCrashLooping",
        a.crashLooping(),
        new Compare(
            new Range(
                RangeFunction.CHANGES,
                new Select(PROCESS_START, List.of()),
                RESTART_RANGE,
                Duration.ZERO),
            Comparison.AT_LEAST,
            a.crashLooping().threshold()),
        "{{ $labels.instance }} is crash-looping",
        "The process behind {{ $labels.instance }} started at least "
            + Expr.number(a.crashLooping().threshold())
            + " times within 15 minutes.");
    add(
        out,
        "AviaryRolloutDegraded",
        a.rolloutDegraded(),
        new Compare(
            new Select(ROLLOUT_PHASE, with(deployment, Matcher.eq("phase", "Degraded"))),
            Comparison.EQUAL,
            1),
        "rollout of {{ $labels.deployment }} is Degraded",
        "The candidate was aborted (analysis failed, deadline passed or a person aborted it);"
            + " the stable revision serves.");
    add(
        out,
        "AviaryFeatureDrift",
        a.featureDrift(),
        new Compare(
            new Aggregate(
                Op.MAX, List.of("model", "version", "feature"), new Select(FEATURE_DRIFT, model)),
            Comparison.ABOVE,
            a.featureDrift().threshold()),
        "{{ $labels.model }} {{ $labels.version }}: feature {{ $labels.feature }} drifted",
        "The drift score of the feature against the reference profile is above "
            + Expr.number(a.featureDrift().threshold())
            + ".");
    add(
        out,
        "AviaryDatasetDrift",
        a.datasetDrift(),
        new Compare(
            new Aggregate(Op.MAX, VERSION, new Select(DATASET_DRIFT, model)),
            Comparison.AT_LEAST,
            a.datasetDrift().threshold()),
        "{{ $labels.model }} {{ $labels.version }}: the input data drifted",
        "At least " + percent(a.datasetDrift().threshold()) + " of the features drifted.");
    add(
        out,
        "AviaryPredictionShift",
        a.predictionShift(),
        new Compare(
            new Expr.Abs(
                new Binary(
                    Arithmetic.SUBTRACT,
                    meanProbability(Duration.ZERO),
                    meanProbability(SHIFT_BASELINE))),
            Comparison.ABOVE,
            a.predictionShift().threshold()),
        "{{ $labels.model }} {{ $labels.version }}: predictions of class {{ $labels.class }}"
            + " shifted",
        "The mean predicted probability of the class over "
            + window()
            + " moved by more than "
            + Expr.number(a.predictionShift().threshold())
            + " against the same window one day earlier.");
    add(
        out,
        "AviaryAccuracyLow",
        a.accuracy(),
        new Compare(
            new Aggregate(Op.MIN, VERSION, new Select(ACCURACY, model)),
            Comparison.BELOW,
            a.accuracy().threshold()),
        "{{ $labels.model }} {{ $labels.version }}: accuracy below its reference",
        "The accuracy measured from ground-truth feedback is below the reference "
            + Expr.number(a.accuracy().threshold())
            + ".");
    return List.copyOf(out);
  }

  /** Series for dashboards and ad-hoc queries, named level:metric:operation. */
  public List<RecordingRule> recordings() {
    return List.of(
        new RecordingRule(
            "model_version:aviary_inference_requests:rate",
            new Aggregate(Op.SUM, VERSION, rate(REQUESTS, model))),
        new RecordingRule("model_version:aviary_inference_errors:ratio", errorRatio()),
        new RecordingRule(
            "model_version:aviary_inference_duration_seconds:p50", latencyQuantile(0.5)),
        new RecordingRule(
            "model_version:aviary_inference_duration_seconds:p99", latencyQuantile(0.99)));
  }

  private Expr errorRatio() {
    return new Binary(
        Arithmetic.DIVIDE,
        new Aggregate(Op.SUM, VERSION, rate(REQUESTS, with(model, Matcher.re("outcome", FAILED)))),
        new Aggregate(Op.SUM, VERSION, rate(REQUESTS, model)));
  }

  private Expr latencyQuantile(double q) {
    return new Expr.Quantile(
        q, new Aggregate(Op.SUM, List.of("model", "version", "le"), rate(LATENCY_BUCKETS, model)));
  }

  private Expr meanProbability(Duration offset) {
    List<String> by = List.of("model", "version", "output", "class");
    return new Binary(
        Arithmetic.DIVIDE,
        new Aggregate(Op.SUM, by, range(PROBABILITY + "_sum", offset)),
        new Aggregate(Op.SUM, by, range(PROBABILITY + "_count", offset)));
  }

  private Range range(String metric, Duration offset) {
    return new Range(RangeFunction.RATE, new Select(metric, model), monitoring.window(), offset);
  }

  private Range rate(String metric, List<Matcher> matchers) {
    return new Range(
        RangeFunction.RATE, new Select(metric, matchers), monitoring.window(), Duration.ZERO);
  }

  private static List<Matcher> with(List<Matcher> base, Matcher extra) {
    List<Matcher> out = new ArrayList<>(base);
    out.add(extra);
    return out;
  }

  private String window() {
    return Expr.duration(monitoring.window());
  }

  private static String percent(double ratio) {
    return Expr.number(ratio * 100) + " %";
  }

  private void add(
      List<AlertRule> out,
      String name,
      AlertSettings s,
      Expr expr,
      String summary,
      String description) {
    if (s.on()) {
      out.add(
          new AlertRule(
              name,
              expr,
              s.duration(),
              s.severity(),
              summary,
              description,
              runbookBase + name.toLowerCase()));
    }
  }
}
