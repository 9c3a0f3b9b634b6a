package dev.aviary.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  private static final Map<String, Double> LATENCY = Map.of("latencyP50", 1.0, "latencyP99", 30.0);

  private static int[] labels(int n) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 4 == 0 ? 1 : 0;
    }
    return y;
  }

  /** Scores that rank positives above negatives with some overlap, shifted by {@code noise}. */
  private static double[] scores(int[] y, long seed, double noise) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] p = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      p[i] = Math.min(0.99, Math.max(0.01, 0.3 * y[i] + 0.3 + noise * (r.nextDouble() - 0.5)));
    }
    return p;
  }

  @Test
  void withoutChampion_comparisonGatesPassAndSayNoChampion_absoluteGatesStillCount() {
    int[] y = labels(200);
    GatesFile gates =
        new GatesFile(
            0.5,
            List.of(
                new Gate(Gate.Kind.MIN_DELTA, "auc", -0.005),
                new Gate(Gate.Kind.NOT_WORSE, "mcnemar", 0.05),
                new Gate(Gate.Kind.MIN, "auc", 0.999),
                new Gate(Gate.Kind.LATENCY, "latencyP99", 20)));
    Evaluation e = Evaluation.of(y, scores(y, 1, 0.8), null, gates, LATENCY, 100, 42);
    assertThat(e.champion()).isNull();
    assertThat(e.verdicts().get(0).passed()).isTrue();
    assertThat(e.verdicts().get(0).note()).isEqualTo("no champion");
    assertThat(e.verdicts().get(1).note()).isEqualTo("no champion");
    assertThat(e.verdicts().get(2).passed()).isFalse();
    assertThat(e.verdicts().get(3).passed()).isFalse();
    assertThat(e.passed()).isFalse();
  }

  @Test
  void aMuchWorseCandidate_failsTheDefaultGates_aBetterOnePasses() {
    int[] y = labels(800);
    double[] good = scores(y, 1, 0.5);
    double[] bad = scores(y, 2, 1.6);
    assertThat(Evaluation.of(y, bad, good, GatesFile.defaults(), LATENCY, 200, 42).passed())
        .isFalse();
    Evaluation better = Evaluation.of(y, good, bad, GatesFile.defaults(), LATENCY, 200, 42);
    assertThat(better.passed()).isTrue();
    assertThat(better.verdicts()).allMatch(v -> v.value() != null);
  }

  @Test
  void bootstrapInterval_isSeeded_andBracketsTheObservedDifference() {
    int[] y = labels(400);
    double[] a = scores(y, 3, 1.0);
    double[] b = scores(y, 4, 1.2);
    Evaluation e1 = Evaluation.of(y, a, b, GatesFile.defaults(), LATENCY, 300, 7);
    Evaluation e2 = Evaluation.of(y, a, b, GatesFile.defaults(), LATENCY, 300, 7);
    Evaluation e3 = Evaluation.of(y, a, b, GatesFile.defaults(), LATENCY, 300, 8);
    for (String m : BinaryMetrics.NAMES) {
      double[] ci = e1.deltaInterval().get(m);
      double delta = e1.candidate().get(m) - e1.champion().get(m);
      assertThat(ci).containsExactly(e2.deltaInterval().get(m));
      assertThat(ci[0]).as(m).isLessThanOrEqualTo(delta);
      assertThat(ci[1]).as(m).isGreaterThanOrEqualTo(delta);
    }
    assertThat(e3.deltaInterval().get("auc")).isNotEqualTo(e1.deltaInterval().get("auc"));
  }

  @Test
  void countedRows_scoreAsTheRowsRepeated() {
    int[] y = labels(60);
    double[] p = scores(y, 5, 1.0);
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.round(p[i] * 10) / 10.0; // ties
    }
    int[] counts = new int[y.length];
    SplittableRandom r = new SplittableRandom(9);
    java.util.List<Integer> expanded = new java.util.ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      counts[i] = r.nextInt(3);
      for (int c = 0; c < counts[i]; c++) {
        expanded.add(i);
      }
    }
    int[] ey = expanded.stream().mapToInt(i -> y[i]).toArray();
    double[] ep = expanded.stream().mapToDouble(i -> p[i]).toArray();
    Map<String, Double> weighted =
        BinaryMetrics.compute(y, p, 0.5, counts, BinaryMetrics.descending(p));
    Map<String, Double> plain = BinaryMetrics.compute(ey, ep, 0.5);
    for (String m : BinaryMetrics.NAMES) {
      assertThat(weighted.get(m))
          .as(m)
          .isCloseTo(plain.get(m), org.assertj.core.api.Assertions.within(1e-12));
    }
  }

  @Test
  void percentile_interpolatesLinearlyAsNumpy() {
    double[] v = {1, 2, 3, 4, 5};
    assertThat(PairedBootstrap.percentile(v, 50)).isEqualTo(3);
    assertThat(PairedBootstrap.percentile(v, 2.5)).isEqualTo(1.1);
    assertThat(PairedBootstrap.percentile(v, 97.5))
        .isCloseTo(4.9, org.assertj.core.api.Assertions.within(1e-12));
  }
}
