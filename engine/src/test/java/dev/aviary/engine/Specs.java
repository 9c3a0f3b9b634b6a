package dev.aviary.engine;

import dev.aviary.spec.Analysis;
import dev.aviary.spec.CanaryStep;
import dev.aviary.spec.DeploymentSpec;
import dev.aviary.spec.Metric;
import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.ModelRef;
import dev.aviary.spec.ObjectMeta;
import dev.aviary.spec.ServerSettings;
import dev.aviary.spec.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Spec fixtures for engine tests: short to write, read like the rollout they describe. */
final class Specs {
  private Specs() {}

  static ModelDeployment deployment(String version, int replicas, Strategy strategy) {
    return new ModelDeployment(
        ModelDeployment.API_VERSION,
        ModelDeployment.KIND,
        new ObjectMeta("iris", Map.of()),
        new DeploymentSpec(
            new ModelRef("iris", version, "file:models/iris-" + version + ".onnx"),
            replicas,
            ServerSettings.DEFAULT,
            600,
            strategy));
  }

  static Strategy.Canary canary(CanaryStep... steps) {
    return new Strategy.Canary(List.of(steps), null, null);
  }

  static Strategy.Canary canaryWithBackground(int startingStep, Metric m, CanaryStep... steps) {
    return new Strategy.Canary(
        List.of(steps),
        new Strategy.BackgroundAnalysis(startingStep, List.of(), List.of(m), List.of()),
        null);
  }

  static CanaryStep setWeight(int w) {
    return new CanaryStep.SetWeight(w);
  }

  static CanaryStep pause(Duration d) {
    return new CanaryStep.Pause(d);
  }

  static CanaryStep pauseUntilPromoted() {
    return new CanaryStep.Pause(null);
  }

  static CanaryStep analysis(Metric... metrics) {
    return new CanaryStep.AnalysisStep(List.of(), List.of(metrics), List.of());
  }

  static CanaryStep shadow(int percent, Duration d) {
    return new CanaryStep.Shadow(percent, d);
  }

  static CanaryStep headerRoute(String name, String header, String value) {
    return new CanaryStep.SetHeaderRoute(name, new CanaryStep.Match(header, null, value));
  }

  static BlueGreenBuilder blueGreen() {
    return new BlueGreenBuilder();
  }

  static MetricBuilder metric(String name) {
    return new MetricBuilder(name);
  }

  static final class BlueGreenBuilder {
    Integer previewReplicas;
    boolean auto = true;
    Integer autoSeconds;
    Analysis pre;
    Analysis post;
    int scaleDownDelay = 30;
    Strategy.RollbackWindow rollbackWindow;

    BlueGreenBuilder previewReplicas(int n) {
      previewReplicas = n;
      return this;
    }

    BlueGreenBuilder manualPromotion() {
      auto = false;
      return this;
    }

    BlueGreenBuilder autoPromotionSeconds(int s) {
      autoSeconds = s;
      return this;
    }

    BlueGreenBuilder pre(Metric... ms) {
      pre = new Analysis(List.of(), List.of(ms), List.of());
      return this;
    }

    BlueGreenBuilder post(Metric... ms) {
      post = new Analysis(List.of(), List.of(ms), List.of());
      return this;
    }

    BlueGreenBuilder scaleDownDelaySeconds(int s) {
      scaleDownDelay = s;
      return this;
    }

    BlueGreenBuilder rollbackWindow(int revisions) {
      rollbackWindow = new Strategy.RollbackWindow(revisions);
      return this;
    }

    Strategy.BlueGreen build() {
      return new Strategy.BlueGreen(
          previewReplicas,
          auto,
          autoSeconds,
          pre,
          post,
          scaleDownDelay,
          new Strategy.PreviewAccess("x-aviary-preview", "true", null),
          rollbackWindow);
    }
  }

  static final class MetricBuilder {
    final String name;
    MetricProvider provider = new MetricProvider.Builtin("errorRate", Duration.ofMinutes(1));
    Duration interval;
    Duration initialDelay;
    Integer count;
    String success;
    String failure;
    int failureLimit;
    int inconclusiveLimit;
    int consecutiveErrorLimit = 4;
    Long minSampleSize;
    boolean dryRun;

    MetricBuilder(String name) {
      this.name = name;
    }

    MetricBuilder success(String c) {
      success = c;
      return this;
    }

    MetricBuilder failure(String c) {
      failure = c;
      return this;
    }

    MetricBuilder every(Duration d, int n) {
      interval = d;
      count = n;
      return this;
    }

    MetricBuilder every(Duration d) {
      interval = d;
      return this;
    }

    MetricBuilder initialDelay(Duration d) {
      initialDelay = d;
      return this;
    }

    MetricBuilder failureLimit(int n) {
      failureLimit = n;
      return this;
    }

    MetricBuilder inconclusiveLimit(int n) {
      inconclusiveLimit = n;
      return this;
    }

    MetricBuilder consecutiveErrorLimit(int n) {
      consecutiveErrorLimit = n;
      return this;
    }

    MetricBuilder minSampleSize(long n) {
      minSampleSize = n;
      return this;
    }

    MetricBuilder dryRun() {
      dryRun = true;
      return this;
    }

    Metric build() {
      return new Metric(
          name,
          provider,
          interval,
          initialDelay,
          count,
          success,
          failure,
          failureLimit,
          inconclusiveLimit,
          consecutiveErrorLimit,
          minSampleSize,
          dryRun);
    }
  }
}
