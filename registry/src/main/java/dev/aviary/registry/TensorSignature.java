package dev.aviary.registry;

import java.util.List;

/**
 * One input or output of a model as ONNX Runtime reports it.
 *
 * @param kind {@code tensor}, {@code map} or {@code sequence}
 * @param datatype the element type in the server's names ({@code FP32}, {@code INT64}, ...); for a
 *     map {@code KEY->VALUE}
 * @param shape dimensions, -1 for a dynamic one; empty for non-tensors
 */
public record TensorSignature(String name, String kind, String datatype, List<Long> shape) {
  public TensorSignature {
    shape = List.copyOf(shape);
  }
}
