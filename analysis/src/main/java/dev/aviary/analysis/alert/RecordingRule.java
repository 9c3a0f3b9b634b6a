package dev.aviary.analysis.alert;

/** A series Prometheus computes ahead of time for dashboards: {@code record: name, expr: ...}. */
public record RecordingRule(String name, Expr expr) {}
