package dev.aviary.cli.demo;

/**
 * How one model version judged a labelled batch: the share it flags as fraud, its mean fraud
 * probability, and how often it is right.
 */
record VersionScore(
    String version, int rows, double flaggedRate, double meanFraudProbability, double accuracy,
    double recall) {

  static final double THRESHOLD = 0.5;

  static VersionScore of(String version, double[] fraudProbability, boolean[] actualFraud) {
    if (fraudProbability.length != actualFraud.length || fraudProbability.length == 0) {
      throw new IllegalArgumentException(
          "need one probability per label, got "
              + fraudProbability.length
              + " probabilities and "
              + actualFraud.length
              + " labels");
    }
    int flagged = 0;
    int correct = 0;
    int frauds = 0;
    int caught = 0;
    double sum = 0;
    for (int i = 0; i < fraudProbability.length; i++) {
      boolean predicted = fraudProbability[i] >= THRESHOLD;
      sum += fraudProbability[i];
      flagged += predicted ? 1 : 0;
      correct += predicted == actualFraud[i] ? 1 : 0;
      if (actualFraud[i]) {
        frauds++;
        caught += predicted ? 1 : 0;
      }
    }
    int n = fraudProbability.length;
    return new VersionScore(
        version,
        n,
        (double) flagged / n,
        sum / n,
        (double) correct / n,
        frauds == 0 ? Double.NaN : (double) caught / frauds);
  }
}
