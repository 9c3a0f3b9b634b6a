package dev.aviary.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of a binary classifier against an optional champion on the same rows: metrics,
 * paired tests and every gate's verdict.
 */
public record Evaluation(
    int rows,
    double threshold,
    Map<String, Double> candidate,
    Map<String, Double> champion,
    Map<String, double[]> deltaInterval,
    McNemar mcnemar,
    DeLong delong,
    Map<String, Double> latencyMs,
    List<Verdict> verdicts) {

  /** One gate's outcome; {@code passed} is true for a comparison without a champion. */
  public record Verdict(Gate gate, Double value, boolean passed, String note) {}

  public boolean passed() {
    return verdicts.stream().allMatch(Verdict::passed);
  }

  /**
   * Evaluates {@code candidateP} (and {@code championP} when not null) against {@code labels}.
   *
   * @param latencyMs the candidate's measured latency quantiles, keyed latencyP50 and latencyP99
   */
  public static Evaluation of(
      int[] labels,
      double[] candidateP,
      double[] championP,
      GatesFile gates,
      Map<String, Double> latencyMs,
      int resamples,
      long seed) {
    double t = gates.threshold();
    Map<String, Double> cand = BinaryMetrics.compute(labels, candidateP, t);
    Map<String, Double> champ = null;
    Map<String, double[]> ci = Map.of();
    McNemar mc = null;
    DeLong dl = null;
    if (championP != null) {
      champ = BinaryMetrics.compute(labels, championP, t);
      int[] candidateOrder = BinaryMetrics.descending(candidateP);
      int[] championOrder = BinaryMetrics.descending(championP);
      ci =
          PairedBootstrap.interval(
              labels.length,
              resamples,
              seed,
              counts -> BinaryMetrics.compute(labels, candidateP, t, counts, candidateOrder),
              counts -> BinaryMetrics.compute(labels, championP, t, counts, championOrder));
      mc = McNemar.test(correct(labels, candidateP, t), correct(labels, championP, t));
      dl = DeLong.test(labels, candidateP, championP);
    }
    List<Verdict> verdicts = new ArrayList<>();
    for (Gate g : gates.gates()) {
      verdicts.add(verdict(g, cand, champ, mc, dl, latencyMs));
    }
    return new Evaluation(
        labels.length,
        t,
        cand,
        champ,
        ci,
        mc,
        dl,
        new LinkedHashMap<>(latencyMs),
        List.copyOf(verdicts));
  }

  private static Verdict verdict(
      Gate g,
      Map<String, Double> cand,
      Map<String, Double> champ,
      McNemar mc,
      DeLong dl,
      Map<String, Double> latency) {
    double b = g.bound();
    switch (g.kind()) {
      case MIN, MAX -> {
        double v = cand.get(g.metric());
        return new Verdict(g, v, g.kind() == Gate.Kind.MIN ? v >= b : v <= b, "");
      }
      case MIN_DELTA, MAX_DELTA -> {
        if (champ == null) {
          return new Verdict(g, null, true, "no champion");
        }
        double d = cand.get(g.metric()) - champ.get(g.metric());
        return new Verdict(g, d, g.kind() == Gate.Kind.MIN_DELTA ? d >= b : d <= b, "");
      }
      case NOT_WORSE -> {
        if (champ == null) {
          return new Verdict(g, null, true, "no champion");
        }
        boolean worse =
            g.metric().equals("mcnemar")
                ? mc.candidateSignificantlyWorse(b)
                : dl.candidateSignificantlyWorse(b);
        double p = g.metric().equals("mcnemar") ? mc.exactP() : dl.p();
        return new Verdict(g, p, !worse, worse ? "significantly worse" : "");
      }
      case LATENCY -> {
        double v = latency.get(g.metric());
        return new Verdict(g, v, v <= b, "");
      }
      default -> throw new IllegalStateException(g.kind().name());
    }
  }

  static boolean[] correct(int[] labels, double[] p, double t) {
    boolean[] c = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      c[i] = (p[i] >= t ? 1 : 0) == labels[i];
    }
    return c;
  }
}
