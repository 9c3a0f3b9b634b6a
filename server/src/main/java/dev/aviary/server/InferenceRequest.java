package dev.aviary.server;

import java.util.List;

/**
 * A decoded, validated infer request.
 *
 * @param id the client's request id, echoed in the response; may be null
 * @param inputs one tensor per model input, in the model's order
 * @param outputs the requested output names; empty means all outputs
 */
record InferenceRequest(String id, List<Tensor> inputs, List<String> outputs) {
  InferenceRequest {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
