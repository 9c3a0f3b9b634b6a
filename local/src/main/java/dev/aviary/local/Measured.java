package dev.aviary.local;

/**
 * What one provider call gave: a value (NaN = no data) with the sample it covers, or an error.
 *
 * @param values one number, or several (a vector result)
 */
record Measured(double[] values, Long sampleSize, String error) {

  static Measured of(double value, Long sampleSize) {
    return new Measured(new double[] {value}, sampleSize, null);
  }

  static Measured vector(double[] values, Long sampleSize) {
    return new Measured(values, sampleSize, null);
  }

  static Measured error(String why) {
    return new Measured(null, null, why);
  }

  boolean failed() {
    return error != null;
  }
}
