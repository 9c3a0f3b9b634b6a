package dev.aviary.analysis.alert;

import dev.aviary.analysis.alert.SeriesSource.Point;
import dev.aviary.analysis.alert.SeriesSource.Series;
import dev.aviary.analysis.alert.Vector.Element;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;

/**
 * The small part of PromQL the alert rules use, as one model with two readings: {@link #promql()}
 * writes it for Prometheus, {@link #eval} computes it over a {@link SeriesSource}, so the rules
 * Prometheus runs and the rules the platform runs itself cannot differ.
 */
public sealed interface Expr {
  /** How far back an instant selector looks for a series' latest sample (Prometheus' default). */
  Duration LOOKBACK = Duration.ofMinutes(5);

  String promql();

  Vector eval(SeriesSource source, Instant now);

  /** The longest time before {@code now} this expression reads. */
  Duration reach();

  /** The latest value of each matching series. */
  record Select(String metric, List<Matcher> matchers) implements Expr {
    public Select {
      matchers = List.copyOf(matchers);
    }

    @Override
    public String promql() {
      return metric + selector(matchers);
    }

    @Override
    public Vector eval(SeriesSource source, Instant now) {
      List<Element> out = new ArrayList<>();
      for (Series s : source.select(metric, matchers, now.minus(LOOKBACK), now)) {
        // A NaN point is a staleness marker: the series ended.
        if (!s.points().isEmpty() && !Double.isNaN(s.points().get(s.points().size() - 1).value())) {
          out.add(new Element(s.labels(), s.points().get(s.points().size() - 1).value()));
        }
      }
      return new Vector(out);
    }

    @Override
    public Duration reach() {
      return LOOKBACK;
    }
  }

  /** The functions over a range of a counter or gauge the rules use. */
  enum RangeFunction {
    RATE("rate"),
    CHANGES("changes");

    final String name;

    RangeFunction(String name) {
      this.name = name;
    }
  }

  /** {@code rate(metric{...}[range] offset o)} or {@code changes(...)}. */
  record Range(RangeFunction function, Select series, Duration range, Duration offset)
      implements Expr {
    @Override
    public String promql() {
      return function.name
          + "("
          + series.promql()
          + "["
          + duration(range)
          + "]"
          + (offset.isZero() ? "" : " offset " + duration(offset))
          + ")";
    }

    @Override
    public Vector eval(SeriesSource source, Instant now) {
      Instant end = now.minus(offset);
      List<Element> out = new ArrayList<>();
      for (Series s : source.select(series.metric(), series.matchers(), end.minus(range), end)) {
        List<Point> p = s.points().stream().filter(x -> !Double.isNaN(x.value())).toList();
        if (p.size() < 2) {
          continue;
        }
        double value = function == RangeFunction.RATE ? rate(p) : changes(p);
        Map<String, String> labels = new LinkedHashMap<>(s.labels());
        out.add(new Element(labels, value));
      }
      return new Vector(out);
    }

    private static double rate(List<Point> p) {
      double increase = 0;
      for (int i = 1; i < p.size(); i++) {
        double d = p.get(i).value() - p.get(i - 1).value();
        increase += d >= 0 ? d : p.get(i).value(); // a counter reset: the process restarted
      }
      double seconds =
          Duration.between(p.get(0).at(), p.get(p.size() - 1).at()).toMillis() / 1000.0;
      return seconds > 0 ? increase / seconds : 0;
    }

    private static double changes(List<Point> p) {
      int n = 0;
      for (int i = 1; i < p.size(); i++) {
        n += p.get(i).value() != p.get(i - 1).value() ? 1 : 0;
      }
      return n;
    }

    @Override
    public Duration reach() {
      return range.plus(offset);
    }
  }

  /** The aggregations the rules use. */
  enum Op {
    SUM("sum"),
    MAX("max"),
    MIN("min");

    final String name;

    Op(String name) {
      this.name = name;
    }
  }

  /** {@code sum by (labels) (inner)}. */
  record Aggregate(Op op, List<String> by, Expr inner) implements Expr {
    public Aggregate {
      by = List.copyOf(by);
    }

    @Override
    public String promql() {
      return op.name + " by (" + String.join(", ", by) + ") (" + inner.promql() + ")";
    }

    @Override
    public Vector eval(SeriesSource source, Instant now) {
      Map<Map<String, String>, Double> groups = new LinkedHashMap<>();
      for (Element e : inner.eval(source, now).elements()) {
        Map<String, String> key = new TreeMap<>();
        for (String l : by) {
          String v = e.labels().get(l);
          if (v != null && !v.isEmpty()) {
            key.put(l, v);
          }
        }
        groups.merge(key, e.value(), this::combine);
      }
      List<Element> out = new ArrayList<>();
      groups.forEach((k, v) -> out.add(new Element(k, v)));
      return new Vector(out);
    }

    private double combine(double a, double b) {
      return switch (op) {
        case SUM -> a + b;
        case MAX -> Math.max(a, b);
        case MIN -> Math.min(a, b);
      };
    }

    @Override
    public Duration reach() {
      return inner.reach();
    }
  }

  /** The arithmetic between two vectors the rules use. */
  enum Arithmetic {
    DIVIDE("/", (a, b) -> a / b),
    SUBTRACT("-", (a, b) -> a - b);

    final String symbol;
    final DoubleBinaryOperator apply;

    Arithmetic(String symbol, DoubleBinaryOperator apply) {
      this.symbol = symbol;
      this.apply = apply;
    }
  }

  /** {@code left / right}, matching elements with identical label sets (one-to-one). */
  record Binary(Arithmetic op, Expr left, Expr right) implements Expr {
    @Override
    public String promql() {
      return "(" + left.promql() + ") " + op.symbol + " (" + right.promql() + ")";
    }

    @Override
    public Vector eval(SeriesSource source, Instant now) {
      Map<Map<String, String>, Double> rights = new LinkedHashMap<>();
      right.eval(source, now).elements().forEach(e -> rights.put(e.labels(), e.value()));
      List<Element> out = new ArrayList<>();
      for (Element l : left.eval(source, now).elements()) {
        Double r = rights.get(l.labels());
        if (r != null) {
          double v = op.apply.applyAsDouble(l.value(), r);
          if (!Double.isNaN(v)) {
            out.add(new Element(l.labels(), v));
          }
        }
      }
      return new Vector(out);
    }

    @Override
    public Duration reach() {
      return max(left.reach(), right.reach());
    }
  }

  /** {@code abs(inner)}. */
  record Abs(Expr inner) implements Expr {
    @Override
    public String promql() {
      return "abs(" + inner.promql() + ")";
    }

    @Override
    public Vector eval(SeriesSource source, Instant now) {
      return new Vector(
          inner.eval(source, now).elements().stream()
              .map(e -> new Element(e.labels(), Math.abs(e.value())))
              .toList());
    }

    @Override
    public Duration reach() {
      return inner.reach();
    }
  }

  /** {@code histogram_quantile(q, buckets)}, interpolating linearly inside a bucket. */
  record Quantile(double q, Expr buckets) implements Expr {
    @Override
    public String promql() {
      return "histogram_quantile(" + q + ", " + buckets.promql() + ")";
    }

    @Override
    public Vector eval(SeriesSource source, Instant now) {
      Map<Map<String, String>, TreeMap<Double, Double>> histograms = new LinkedHashMap<>();
      for (Element e : buckets.eval(source, now).elements()) {
        String le = e.labels().get("le");
        if (le == null) {
          continue;
        }
        Map<String, String> key = new TreeMap<>(e.labels());
        key.remove("le");
        histograms
            .computeIfAbsent(key, k -> new TreeMap<>())
            .put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), e.value());
      }
      List<Element> out = new ArrayList<>();
      histograms.forEach(
          (labels, h) -> {
            double v = quantile(h);
            if (!Double.isNaN(v)) {
              out.add(new Element(labels, v));
            }
          });
      return new Vector(out);
    }

    private double quantile(TreeMap<Double, Double> cumulative) {
      if (cumulative.isEmpty() || !cumulative.lastKey().isInfinite()) {
        return Double.NaN;
      }
      double total = cumulative.lastEntry().getValue();
      if (total <= 0) {
        return Double.NaN;
      }
      double rank = q * total;
      double lowerBound = 0;
      double lowerCount = 0;
      for (Map.Entry<Double, Double> b : cumulative.entrySet()) {
        if (b.getValue() >= rank) {
          if (b.getKey().isInfinite()) {
            return lowerBound; // Prometheus answers with the highest finite bound
          }
          double inBucket = b.getValue() - lowerCount;
          return inBucket <= 0
              ? b.getKey()
              : lowerBound + (b.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
        }
        lowerBound = b.getKey();
        lowerCount = b.getValue();
      }
      return Double.NaN;
    }

    @Override
    public Duration reach() {
      return buckets.reach();
    }
  }

  /** The comparisons an alert ends with. */
  enum Comparison {
    ABOVE(">"),
    AT_LEAST(">="),
    BELOW("<"),
    EQUAL("==");

    final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    boolean test(double a, double b) {
      return switch (this) {
        case ABOVE -> a > b;
        case AT_LEAST -> a >= b;
        case BELOW -> a < b;
        case EQUAL -> a == b;
      };
    }
  }

  /** {@code inner > threshold}: keeps the elements for which the comparison holds. */
  record Compare(Expr inner, Comparison comparison, double threshold) implements Expr {
    @Override
    public String promql() {
      return inner.promql() + " " + comparison.symbol + " " + number(threshold);
    }

    @Override
    public Vector eval(SeriesSource source, Instant now) {
      return new Vector(
          inner.eval(source, now).elements().stream()
              .filter(e -> comparison.test(e.value(), threshold))
              .sorted(Comparator.comparing(e -> e.labels().toString()))
              .toList());
    }

    @Override
    public Duration reach() {
      return inner.reach();
    }
  }

  /** The metric names an expression reads. */
  static java.util.Set<String> metrics(Expr e) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, java.util.Set<String> out) {
    if (e instanceof Select s) {
      out.add(s.metric());
    } else if (e instanceof Range r) {
      out.add(r.series().metric());
    } else if (e instanceof Aggregate a) {
      collect(a.inner(), out);
    } else if (e instanceof Binary b) {
      collect(b.left(), out);
      collect(b.right(), out);
    } else if (e instanceof Abs a) {
      collect(a.inner(), out);
    } else if (e instanceof Quantile q) {
      collect(q.buckets(), out);
    } else if (e instanceof Compare c) {
      collect(c.inner(), out);
    }
  }

  static String selector(List<Matcher> matchers) {
    if (matchers.isEmpty()) {
      return "";
    }
    return "{" + String.join(", ", matchers.stream().map(Matcher::promql).toList()) + "}";
  }

  /** A duration in PromQL's notation, in the largest unit that divides it. */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] units = {86_400_000, 3_600_000, 60_000, 1000, 1};
    String[] names = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    throw new IllegalStateException();
  }

  public static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
