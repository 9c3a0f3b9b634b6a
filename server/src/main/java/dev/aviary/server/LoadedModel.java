package dev.aviary.server;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session and its signature. {@link #run} is safe to call from many threads at
 * once: ONNX Runtime sessions are thread-safe for inference.
 */
final class LoadedModel implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelSignature signature;
  // Recent run time, an exponentially weighted average; updated without locks (a lost update
  // only delays the average a little).
  private volatile long averageRunNanos = -1;

  LoadedModel(OrtEnvironment env, OrtSession session, ModelSignature signature) {
    this.env = env;
    this.session = session;
    this.signature = signature;
  }

  ModelSignature signature() {
    return signature;
  }

  /** Recent average time of {@link #run}, or -1 before the first run. */
  long averageRunNanos() {
    return averageRunNanos;
  }

  /** Runs the model; outputs come back in the requested order, or the model's order if none. */
  List<Tensor> run(InferenceRequest request) throws OrtException {
    long start = System.nanoTime();
    try {
      return runTimed(request);
    } finally {
      long took = System.nanoTime() - start;
      long avg = averageRunNanos;
      averageRunNanos = avg < 0 ? took : avg + (took - avg) / 8;
    }
  }

  private List<Tensor> runTimed(InferenceRequest request) throws OrtException {
    Set<String> wanted = new LinkedHashSet<>(request.outputs());
    if (wanted.isEmpty()) {
      signature.outputs().forEach(o -> wanted.add(o.name()));
    }
    Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    try {
      InputBuffers buffers = InputBuffers.ofThisThread();
      List<Tensor> given = request.inputs();
      for (int i = 0; i < given.size(); i++) {
        Tensor t = given.get(i);
        inputs.put(t.name(), OnnxBridge.toOnnx(env, t, buffers, i));
      }
      try (OrtSession.Result result = session.run(inputs, wanted)) {
        List<Tensor> out = new ArrayList<>(wanted.size());
        for (String name : wanted) {
          OnnxValue v =
              result
                  .get(name)
                  .orElseThrow(
                      () -> new IllegalStateException("runtime returned no '" + name + "'"));
          out.add(OnnxBridge.fromOnnx(name, v));
        }
        return out;
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** Builds a request of zeros (false, "") from the input metadata, dynamic dimensions as 1. */
  InferenceRequest warmUpRequest() {
    List<Tensor> inputs = new ArrayList<>();
    for (TensorSpec spec : signature.inputs()) {
      long[] shape = spec.shape().clone();
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shape[i] < 1 ? 1 : shape[i];
      }
      int n = Math.toIntExact(Tensor.elementCount(shape));
      Object data =
          switch (spec.datatype()) {
            case BOOL -> new boolean[n];
            case INT8, UINT8 -> new byte[n];
            case INT16 -> new short[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case FP32 -> new float[n];
            case FP64 -> new double[n];
            case BYTES -> {
              String[] s = new String[n];
              java.util.Arrays.fill(s, "");
              yield s;
            }
          };
      inputs.add(new Tensor(spec.name(), spec.datatype(), shape, data));
    }
    return new InferenceRequest(null, inputs, List.of());
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // Closing at shutdown: nothing useful to do with a failure.
    }
  }
}
