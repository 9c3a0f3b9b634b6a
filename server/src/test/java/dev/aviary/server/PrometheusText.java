package dev.aviary.server;

/** Reads values out of a Prometheus text exposition, for tests. */
final class PrometheusText {
  private PrometheusText() {}

  /** The value of the first sample whose line starts with {@code prefix} (name and labels). */
  static double value(String exposition, String prefix) {
    String line =
        exposition
            .lines()
            .filter(l -> l.startsWith(prefix))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no sample starts with " + prefix));
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
