package dev.aviary.spec;

import dev.aviary.spec.Field.Default;
import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Range;
import dev.aviary.spec.Field.Required;
import java.time.Duration;

/** One metric of an analysis: how to measure it and how to judge a measurement. */
public record Metric(
    @Required @Doc("Unique name within the analysis.") String name,
    @Required @Doc("Where the measurement comes from: builtin, prometheus or web.")
        MetricProvider provider,
    @Doc("Time between measurements.") Duration interval,
    @Doc("Wait before the first measurement.") Duration initialDelay,
    @Range(min = 1, max = 10000)
        @Doc(
            "Measurements to take; default 1 (runs until stopped in background analysis with an"
                + " interval).")
        Integer count,
    @Doc("Condition over result (and baseline) that marks a measurement Successful.")
        String successCondition,
    @Doc("Condition that marks a measurement Failed; checked before successCondition.")
        String failureCondition,
    @Default("0") @Range(min = 0) @Doc("Failed measurements tolerated before the metric fails.")
        int failureLimit,
    @Default("0")
        @Range(min = 0)
        @Doc("Inconclusive measurements tolerated before the metric is Inconclusive.")
        int inconclusiveLimit,
    @Default("4")
        @Range(min = 0)
        @Doc("Consecutive errors tolerated before the metric is in Error.")
        int consecutiveErrorLimit,
    @Range(min = 1)
        @Doc("Requests a measurement must cover before it may judge; fewer gives Waiting.")
        Long minSampleSize,
    @Default("false") @Doc("Record results but never let this metric fail the analysis.")
        boolean dryRun) {}
