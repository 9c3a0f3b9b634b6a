package dev.aviary.spec;

import dev.aviary.spec.Field.Default;
import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Range;
import dev.aviary.spec.Field.Required;

/** What to run and how to roll it out. */
public record DeploymentSpec(
    @Required @Doc("The model served by every replica of a revision.") ModelRef model,
    @Default("1") @Range(min = 1, max = 1000) @Doc("Replicas of the serving revision.")
        int replicas,
    @Doc("Model-server settings; part of what defines a revision.") ServerSettings server,
    @Default("600")
        @Range(min = 1)
        @Doc(
            "Seconds a new revision may take to become ready (or to make progress) before the"
                + " rollout is aborted.")
        int progressDeadlineSeconds,
    @Required @Doc("Exactly one of canary or blueGreen.") Strategy strategy,
    @Doc("Alert thresholds, durations and severities (see docs/alerting.md).")
        Monitoring monitoring) {

  public DeploymentSpec {
    server = server == null ? ServerSettings.DEFAULT : server;
    monitoring = monitoring == null ? Monitoring.DEFAULT : monitoring;
  }

  /** A deployment with the default monitoring. */
  public DeploymentSpec(
      ModelRef model,
      int replicas,
      ServerSettings server,
      int progressDeadlineSeconds,
      Strategy strategy) {
    this(model, replicas, server, progressDeadlineSeconds, strategy, Monitoring.DEFAULT);
  }
}
