package dev.aviary.server;

import java.nio.file.Path;

/** One model version the server is responsible for, and where it is in its life. */
final class ModelEntry {
  /** Loading, ready to serve, or failed with a reason. */
  sealed interface State {
    record Loading() implements State {}

    record Ready(LoadedModel model, double loadSeconds, double warmUpSeconds) implements State {}

    record Failed(String reason) implements State {}
  }

  private final String name;
  private final String version;
  private final Path file;
  private volatile State state = new State.Loading();

  ModelEntry(String name, String version, Path file) {
    this.name = name;
    this.version = version;
    this.file = file;
  }

  String name() {
    return name;
  }

  String version() {
    return version;
  }

  Path file() {
    return file;
  }

  State state() {
    return state;
  }

  void state(State s) {
    state = s;
  }

  boolean ready() {
    return state instanceof State.Ready;
  }

  /** The loaded model, or a 503 saying why it cannot serve. */
  LoadedModel requireReady() {
    State s = state;
    if (s instanceof State.Ready r) {
      return r.model();
    }
    String why =
        s instanceof State.Failed f ? "it failed to load: " + f.reason() : "it is still loading";
    throw ApiException.unavailable(
        "model '" + name + "' version '" + version + "' is not ready: " + why);
  }

  String stateName() {
    State s = state;
    if (s instanceof State.Ready) {
      return "READY";
    }
    return s instanceof State.Failed ? "FAILED" : "LOADING";
  }
}
