package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aviary.server.grpc.ModelInferRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Whatever a client sends to the OIP v2 REST, V1 {@code :predict} or gRPC infer endpoints, decoding
 * it against a real model's signature (read by ONNX Runtime from the test models) gives validated
 * tensors or an {@link ApiException} with a 4xx status and a message; never another exception,
 * which would be answered 500.
 */
class DecoderFuzzTest {
  /** Six inputs, one per datatype (TestModels.allTypes). */
  private static ModelSignature allTypes;

  /** One input, {@code x FP32 [N,2]} (TestModels.regressor): what V1 predict serves. */
  private static ModelSignature oneInput;

  private static synchronized void load() {
    if (allTypes != null) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory("aviary-fuzz-models");
      ModelLoader loader = new ModelLoader(OrtEnvironment.getEnvironment(), 1);
      try (LoadedModel a = loader.load(TestModels.allTypes(dir.resolve("types.onnx")));
          LoadedModel r = loader.load(TestModels.regressor(dir.resolve("price.onnx")))) {
        allTypes = a.signature();
        oneInput = r.signature();
      }
      Files.delete(dir.resolve("types.onnx"));
      Files.delete(dir.resolve("price.onnx"));
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ModelLoader.LoadException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "2m")
  void v2Infer(FuzzedDataProvider data) {
    load();
    byte[] body = data.consumeRemainingAsBytes();
    decodesOr4xx(() -> RequestDecoder.decodeInfer(body, allTypes));
  }

  @FuzzTest(maxDuration = "2m")
  void v1Predict(FuzzedDataProvider data) {
    load();
    byte[] body = data.consumeRemainingAsBytes();
    decodesOr4xx(() -> RequestDecoder.decodePredict(body, oneInput, "price"));
  }

  /** The message as the gRPC layer parsed it (bytes protobuf refuses never reach the decoder). */
  @FuzzTest(maxDuration = "2m")
  void grpcInfer(FuzzedDataProvider data) {
    load();
    ModelInferRequest request;
    try {
      request = ModelInferRequest.parseFrom(data.consumeRemainingAsBytes());
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    decodesOr4xx(() -> GrpcTensors.decode(request, allTypes));
  }

  private static void decodesOr4xx(Supplier<InferenceRequest> decode) {
    InferenceRequest request;
    try {
      request = decode.get();
    } catch (ApiException e) {
      assertThat(e.status()).isBetween(400, 499);
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(request.inputs()).isNotEmpty();
    for (Tensor t : request.inputs()) {
      long elements = 1;
      for (long d : t.shape()) {
        assertThat(d).isNotNegative();
        elements *= d;
      }
      assertThat(elements).isLessThanOrEqualTo(RequestDecoder.MAX_ELEMENTS);
    }
  }
}
