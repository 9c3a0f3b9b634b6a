package dev.aviary.server;

import java.util.Arrays;
import java.util.List;

/**
 * A named tensor with its elements flattened in row-major order. {@code data} is a primitive array
 * matching the datatype: boolean[] (BOOL), byte[] (INT8, UINT8 stored as unsigned), short[]
 * (INT16), int[] (INT32), long[] (INT64), float[] (FP32), double[] (FP64), String[] (BYTES).
 *
 * @param classes for probability outputs built from ONNX maps: the class of each column, else empty
 */
record Tensor(String name, Datatype datatype, long[] shape, Object data, List<Object> classes) {

  Tensor(String name, Datatype datatype, long[] shape, Object data) {
    this(name, datatype, shape, data, List.of());
  }

  int size() {
    return java.lang.reflect.Array.getLength(data);
  }

  /** Element {@code i} as a JSON-friendly Java value (Boolean, Number or String). */
  Object element(int i) {
    return switch (datatype) {
      case BOOL -> ((boolean[]) data)[i];
      case INT8 -> (int) ((byte[]) data)[i];
      case UINT8 -> Byte.toUnsignedInt(((byte[]) data)[i]);
      case INT16 -> (int) ((short[]) data)[i];
      case INT32 -> ((int[]) data)[i];
      case INT64 -> ((long[]) data)[i];
      case FP32 -> ((float[]) data)[i];
      case FP64 -> ((double[]) data)[i];
      case BYTES -> ((String[]) data)[i];
    };
  }

  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  static String shapeText(long[] shape) {
    return Arrays.toString(shape);
  }
}
