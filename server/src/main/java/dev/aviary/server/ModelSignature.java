package dev.aviary.server;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The inputs and outputs of a loaded model, in the model's declared order. */
record ModelSignature(List<TensorSpec> inputs, List<OutputSpec> outputs) {

  ModelSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  Optional<TensorSpec> input(String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  Optional<OutputSpec> output(String name) {
    return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  String inputNames() {
    return inputs.stream().map(TensorSpec::name).collect(Collectors.joining(", ", "[", "]"));
  }

  String outputNames() {
    return outputs.stream().map(OutputSpec::name).collect(Collectors.joining(", ", "[", "]"));
  }
}
