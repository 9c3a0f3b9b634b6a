package dev.aviary.registry;

import java.util.List;

/** A model's inputs and outputs, in the order ONNX Runtime lists them. */
public record Signature(List<TensorSignature> inputs, List<TensorSignature> outputs) {
  public Signature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
