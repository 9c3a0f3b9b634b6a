package dev.aviary.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Status of a ModelDeployment: a summary for people and printer columns, plus the engine's whole
 * state ({@code rollout}) from which the operator resumes after a restart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelDeploymentStatus {
  @JsonPropertyDescription("Progressing, Paused, Healthy, Degraded or Invalid.")
  public String phase;

  @JsonPropertyDescription("What is happening, in words.")
  public String message;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Index of the canary step in progress.")
  public Integer currentStep;

  @JsonPropertyDescription("Percentage of user traffic the canary (or preview) gets.")
  public Integer canaryWeight;

  @JsonPropertyDescription("Revision id serving users.")
  public String stableRevision;

  @JsonPropertyDescription("Revision id being rolled out, if any.")
  public String canaryRevision;

  @JsonPropertyDescription("User-traffic weight per revision id.")
  public Map<String, Integer> weights = new LinkedHashMap<>();

  @JsonPropertyDescription("Available, Progressing and Paused.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Every problem of an Invalid spec, with its field path.")
  public List<Problem> problems = new ArrayList<>();

  @JsonPropertyDescription("Every analysis run of the rollout with its measurements and verdicts.")
  public List<AnalysisRunStatus> analysisRuns = new ArrayList<>();

  @JsonPropertyDescription("Value of the aviary.dev/command-id annotation last handled.")
  public String lastCommandId;

  @JsonPropertyDescription(
      "The rollout engine's state as JSON: revisions, analysis runs with every measurement and"
          + " verdict. Kept as text so that it survives exactly as the engine wrote it.")
  public String rollout;

  /** A Kubernetes-style condition. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Condition {
    public String type;
    public String status;
    public String reason;
    public String message;
    public String lastTransitionTime;

    public Condition() {}

    public Condition(String type, String status, String reason, String message, String at) {
      this.type = type;
      this.status = status;
      this.reason = reason;
      this.message = message;
      this.lastTransitionTime = at;
    }
  }

  /** One analysis run: what it gates, its verdict and every metric's measurements. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AnalysisRunStatus {
    public String id;
    public String kind;
    public String revision;
    public String phase;
    public String message;
    public List<MetricStatus> metrics = new ArrayList<>();
  }

  /** One metric of a run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MetricStatus {
    public String name;
    public String phase;
    public List<MeasurementStatus> measurements = new ArrayList<>();
  }

  /** One measurement: when, its verdict, the value (and baseline) and why. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MeasurementStatus {
    public String at;
    public String phase;
    public String value;
    public String baseline;
    public String reason;
  }

  /** One problem of an invalid spec. */
  public static class Problem {
    public String path;
    public String message;

    public Problem() {}

    public Problem(String path, String message) {
      this.path = path;
      this.message = message;
    }

    @Override
    public String toString() {
      return path + ": " + message;
    }
  }
}
