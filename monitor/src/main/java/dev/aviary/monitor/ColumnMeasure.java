package dev.aviary.monitor;

import java.util.Locale;
import java.util.Optional;

/**
 * The measure that decides whether a column drifted, with its default threshold. A p-value test
 * drifts when its (corrected) p-value is below the threshold; a distance when it is at or above.
 */
public enum ColumnMeasure {
  KS("ks", ColumnType.NUMERICAL, true, 0.05),
  WASSERSTEIN_NORMED("wasserstein_normed", ColumnType.NUMERICAL, false, 0.1),
  PSI("psi", null, false, 0.1),
  JS("js", null, false, 0.1),
  CHI2_GOF("chi2_gof", ColumnType.CATEGORICAL, true, 0.05),
  CHI2_CONTINGENCY("chi2_contingency", ColumnType.CATEGORICAL, true, 0.05);

  /** Up to this many reference values the defaults use a test, above it a distance (Evidently). */
  public static final int SMALL_SAMPLE = 1000;

  private final String id;
  private final ColumnType only;
  private final boolean pValue;
  private final double defaultThreshold;

  ColumnMeasure(String id, ColumnType only, boolean pValue, double defaultThreshold) {
    this.id = id;
    this.only = only;
    this.pValue = pValue;
    this.defaultThreshold = defaultThreshold;
  }

  public String id() {
    return id;
  }

  public boolean isPValue() {
    return pValue;
  }

  public double defaultThreshold() {
    return defaultThreshold;
  }

  public boolean appliesTo(ColumnType type) {
    return only == null || only == type;
  }

  /** Evidently's choice: a test for small references, a distance for large ones. */
  public static ColumnMeasure defaultFor(ColumnType type, int referenceSize) {
    boolean small = referenceSize <= SMALL_SAMPLE;
    return type == ColumnType.NUMERICAL
        ? (small ? KS : WASSERSTEIN_NORMED)
        : (small ? CHI2_GOF : JS);
  }

  public static Optional<ColumnMeasure> named(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
    for (ColumnMeasure m : values()) {
      if (m.id.equals(n)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  static String ids() {
    StringBuilder b = new StringBuilder();
    for (ColumnMeasure m : values()) {
      b.append(b.length() == 0 ? "" : ", ").append(m.id);
    }
    return b.toString();
  }
}
