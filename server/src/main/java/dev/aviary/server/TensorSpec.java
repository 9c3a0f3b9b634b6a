package dev.aviary.server;

import java.util.Arrays;

/**
 * What a model declares for a tensor input or output: name, datatype and shape, where -1 marks a
 * dimension of any size (usually the batch).
 */
record TensorSpec(String name, Datatype datatype, long[] shape) {

  /** The shape as clients see it in model metadata. */
  String shapeText() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t
        && name.equals(t.name)
        && datatype == t.datatype
        && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + ":" + datatype + shapeText();
  }
}
