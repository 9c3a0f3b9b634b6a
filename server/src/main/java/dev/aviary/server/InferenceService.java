package dev.aviary.server;

import ai.onnxruntime.OrtException;
import java.util.List;

/**
 * Decodes a request body, runs the model and encodes the reply. Blocking: called on inference
 * worker threads, never on the event loop.
 */
final class InferenceService {
  private final ServerMetrics metrics;

  InferenceService(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  /** {@code POST /v2/models/{m}/infer}; client errors are thrown as {@link ApiException}. */
  byte[] infer(ModelEntry entry, LoadedModel model, byte[] body) throws OrtException {
    InferenceRequest request = RequestDecoder.decodeInfer(body, model.signature());
    List<Tensor> outputs = run(entry, model, request);
    return ResponseEncoder.infer(entry.name(), entry.version(), request.id(), outputs);
  }

  /** {@code POST /v1/models/{m}:predict}. */
  byte[] predict(ModelEntry entry, LoadedModel model, byte[] body) throws OrtException {
    InferenceRequest request = RequestDecoder.decodePredict(body, model.signature(), entry.name());
    List<Tensor> outputs = run(entry, model, request);
    return ResponseEncoder.predict((int) request.inputs().get(0).shape()[0], outputs);
  }

  private List<Tensor> run(ModelEntry entry, LoadedModel model, InferenceRequest request)
      throws OrtException {
    List<Tensor> outputs;
    try {
      outputs = model.run(request);
    } catch (OrtException e) {
      if (e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT) {
        throw ApiException.badRequest("the model rejected the input: " + e.getMessage());
      }
      throw e;
    }
    metrics.predictions(entry.name(), entry.version(), outputs);
    return outputs;
  }
}
