package dev.aviary.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of one inference request as its decoder (REST or gRPC) produces them: each given at
 * most once, handed to the model in the model's order, every model input present.
 */
final class RequestInputs {
  private final ModelSignature model;
  private final Map<String, Tensor> byName = new LinkedHashMap<>();

  RequestInputs(ModelSignature model) {
    this.model = model;
  }

  /** Adds a decoded input; refuses one given twice. */
  void add(Tensor t) {
    if (byName.putIfAbsent(t.name(), t) != null) {
      throw ApiException.badRequest("input '" + t.name() + "' is given more than once");
    }
  }

  /** The inputs in the model's order; refuses a request that leaves one out, naming it. */
  List<Tensor> inModelOrder() {
    List<Tensor> ordered = new ArrayList<>();
    for (TensorSpec spec : model.inputs()) {
      Tensor t = byName.get(spec.name());
      if (t == null) {
        throw ApiException.badRequest(
            "missing input '"
                + spec.name()
                + "' ("
                + spec.datatype()
                + ", shape "
                + spec.shapeText()
                + "); model inputs are "
                + model.inputNames());
      }
      ordered.add(t);
    }
    return ordered;
  }
}
