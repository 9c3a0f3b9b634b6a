package dev.aviary.analysis.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The samples an expression is evaluated over (Prometheus' storage, or the platform's own). */
public interface SeriesSource {
  /** A timestamped value. */
  record Point(Instant at, double value) {}

  /** One series with its points, oldest first. */
  record Series(Map<String, String> labels, List<Point> points) {}

  /**
   * The series named {@code metric} whose labels match {@code matchers}, each with its points in
   * {@code [from, to]}.
   */
  List<Series> select(String metric, List<Matcher> matchers, Instant from, Instant to);
}
