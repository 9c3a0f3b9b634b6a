package dev.aviary.spec.condition;

import java.util.Arrays;

/** A measured value: one number or a vector of numbers (e.g. one per label set). */
public sealed interface Value {

  static Value of(double x) {
    return new Scalar(x);
  }

  static Value of(double... xs) {
    return new Vector(xs.clone());
  }

  /** True when there is nothing to judge: an empty vector or any NaN. */
  boolean isEmptyOrNaN();

  /** One number. */
  record Scalar(double value) implements Value {
    @Override
    public boolean isEmptyOrNaN() {
      return Double.isNaN(value);
    }

    @Override
    public String toString() {
      return Double.toString(value);
    }
  }

  /** A vector of numbers. */
  record Vector(double[] values) implements Value {
    public Vector {
      values = values.clone();
    }

    @Override
    public double[] values() {
      return values.clone();
    }

    int size() {
      return values.length;
    }

    double at(int i) {
      return values[i];
    }

    @Override
    public boolean isEmptyOrNaN() {
      return values.length == 0 || Arrays.stream(values).anyMatch(Double::isNaN);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Vector v && Arrays.equals(values, v.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return Arrays.toString(values);
    }
  }
}
