package dev.aviary.engine;

/** A Kubernetes-style condition: Available, Progressing, Paused. */
public record StatusCondition(String type, boolean status, String reason, String message) {}
