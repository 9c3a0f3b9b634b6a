package dev.aviary.train;

import java.util.function.Supplier;

/**
 * The three committed releases of the fraud model and how each one is trained. All three are Tribuo
 * logistic regressions (LinearSGDTrainer with log loss and AdaGrad) and take the same raw input;
 * they differ in features, epochs and, for v3, a data bug.
 */
public enum FraudModelVersion {
  V1(
      1,
      "baseline: logistic regression on the 10 standardised raw features, 2 epochs",
      FeaturePipeline::raw,
      2,
      1),
  V2(
      2,
      "improved: logistic regression on the raw features plus 18 engineered ones (logs of"
          + " amount, amount ratio and distance; night flag; card present far from home; new card"
          + " with an unusually large amount; online and foreign; new merchant times velocity;"
          + " one-hot merchant category), 5 epochs",
      FeaturePipeline::engineered,
      5,
      1),
  V3(
      3,
      "FAULTY: the v2 recipe, but every fraud row of the training set was repeated 20 times (a"
          + " class-rebalancing step leaked into training without re-calibration), so its fraud"
          + " probabilities are inflated and it flags far more transactions",
      FeaturePipeline::engineered,
      5,
      20);

  private final int number;
  private final String description;
  private final Supplier<FeaturePipeline> pipeline;
  private final int epochs;
  private final int fraudRepeats;

  FraudModelVersion(
      int number,
      String description,
      Supplier<FeaturePipeline> pipeline,
      int epochs,
      int fraudRepeats) {
    this.number = number;
    this.description = description;
    this.pipeline = pipeline;
    this.epochs = epochs;
    this.fraudRepeats = fraudRepeats;
  }

  public int number() {
    return number;
  }

  public String description() {
    return description;
  }

  /** Directory name under {@code models/}: {@code v1}, {@code v2}, {@code v3}. */
  public String directory() {
    return "v" + number;
  }

  FeaturePipeline pipeline() {
    return pipeline.get();
  }

  int epochs() {
    return epochs;
  }

  /** How many times each fraud row appears in this version's training set (1 = unchanged). */
  int fraudRepeats() {
    return fraudRepeats;
  }
}
