package dev.aviary.local;

/**
 * One replica as the supervisor sees it, for status displays.
 *
 * @param state Starting, Ready, NotReady, Terminating, BackOff (waiting to restart)
 */
public record ReplicaView(
    String deployment,
    String revision,
    String replica,
    long pid,
    int port,
    String state,
    int restarts,
    boolean crashLooping,
    String log) {}
