package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ONNX Runtime sessions over models built in the test. */
class LoadedModelTest {
  @TempDir Path dir;
  private final ModelLoader loader = new ModelLoader(OrtEnvironment.getEnvironment(), 1);

  @Test
  void readsTheSignatureOfEveryDatatypeWithDynamicBatch() throws Exception {
    try (LoadedModel m = loader.load(TestModels.allTypes(dir.resolve("t.onnx")))) {
      assertThat(m.signature().inputs())
          .extracting(TensorSpec::toString)
          .containsExactly(
              "f32:FP32[-1, 3]",
              "f64:FP64[-1, 2]",
              "i32:INT32[-1]",
              "i64:INT64[-1, 2]",
              "flag:BOOL[-1]",
              "text:BYTES[-1]");
      loader.warmUp(m);
    }
  }

  @Test
  void zipMapOutputsBecomeProbabilityTensorsWithSortedClasses() throws Exception {
    try (LoadedModel m = loader.load(TestModels.stringClassifier(dir.resolve("c.onnx")))) {
      assertThat(m.signature().outputs().get(1))
          .isEqualTo(new OutputSpec.ProbabilityMaps("probabilities", Datatype.FP32, true));
      Tensor in =
          new Tensor("features", Datatype.FP32, new long[] {3, 2}, new float[] {5, 0, 0, 5, 1, 1});
      List<Tensor> out = m.run(new InferenceRequest(null, List.of(in), List.of()));
      assertThat((String[]) out.get(0).data()).containsExactly("fraud", "legit", "legit");
      Tensor p = out.get(1);
      assertThat(p.shape()).containsExactly(3, 2);
      assertThat(p.classes()).containsExactly("fraud", "legit");
      float[] probs = (float[]) p.data();
      assertThat(probs[0]).isGreaterThan(0.99f);
      assertThat(probs[4]).isEqualTo(0.5f);
    }
  }

  @Test
  void onlyRequestedOutputsAreComputed() throws Exception {
    try (LoadedModel m = loader.load(TestModels.classifier(dir.resolve("c.onnx")))) {
      Tensor in = new Tensor("features", Datatype.FP32, new long[] {1, 2}, new float[] {1, 0});
      List<Tensor> out = m.run(new InferenceRequest(null, List.of(in), List.of("label")));
      assertThat(out).extracting(Tensor::name).containsExactly("label");
      assertThat((long[]) out.get(0).data()).containsExactly(1L);
    }
  }

  @Test
  void smallIntegerTypesRoundTripThroughTheRuntime() throws Exception {
    Object[][] cases = {
      {TestModels.UINT8, Datatype.UINT8, new byte[] {0, (byte) 200, (byte) 255}},
      {TestModels.INT8, Datatype.INT8, new byte[] {-128, 0, 127}},
      {TestModels.INT16, Datatype.INT16, new short[] {-32768, 1, 32767}}
    };
    for (Object[] c : cases) {
      Datatype type = (Datatype) c[1];
      Path file = TestModels.identity(dir.resolve(type + ".onnx"), (Integer) c[0], -1);
      try (LoadedModel m = loader.load(file)) {
        assertThat(m.signature().inputs().get(0).datatype()).isEqualTo(type);
        loader.warmUp(m);
        Tensor in = new Tensor("x", type, new long[] {3}, c[2]);
        Tensor out = m.run(new InferenceRequest(null, List.of(in), List.of())).get(0);
        assertThat(out.datatype()).isEqualTo(type);
        assertThat(out.data()).isEqualTo(c[2]);
      }
    }
  }

  @Test
  void unsupportedElementTypesAreALoadErrorNamingTheInput() {
    Path f16 = TestModels.identity(dir.resolve("f16.onnx"), TestModels.FLOAT16, -1);
    assertThatThrownBy(() -> loader.load(f16))
        .isInstanceOf(ModelLoader.LoadException.class)
        .hasMessage(
            "cannot serve "
                + f16
                + ": 'x' has element type FLOAT16; supported: BOOL, INT8, UINT8, INT16, INT32,"
                + " INT64, FP32, FP64, BYTES");
  }

  @Test
  void inputsTheGraphCannotTakeFailInTheRuntime() throws Exception {
    try (LoadedModel m = loader.load(TestModels.reshapeToOne(dir.resolve("r.onnx")))) {
      loader.warmUp(m);
      Tensor three = new Tensor("x", Datatype.FP32, new long[] {3}, new float[] {1, 2, 3});
      assertThatThrownBy(() -> m.run(new InferenceRequest(null, List.of(three), List.of())))
          .isInstanceOf(ai.onnxruntime.OrtException.class)
          .hasMessageContaining("Reshape");
    }
  }

  @Test
  void aCorruptFileIsALoadErrorNamingTheFile() {
    Path bad = TestModels.corrupt(dir.resolve("bad.onnx"));
    assertThatThrownBy(() -> loader.load(bad))
        .isInstanceOf(ModelLoader.LoadException.class)
        .hasMessageStartingWith("cannot load " + bad + ": ");
  }

  @Test
  void consecutiveCallsOnOneThreadSeeTheirOwnInputsWhateverTheirSize() throws Exception {
    // The inputs go through per-thread buffers that are reused: a larger call, then a smaller
    // one, then a larger one again must each see exactly their own values.
    Path file = TestModels.identity(dir.resolve("f.onnx"), TestModels.FLOAT, -1);
    try (LoadedModel m = loader.load(file)) {
      for (int n : new int[] {3, 1000, 2, 70_000, 5}) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
          values[i] = n * 10_000f + i;
        }
        Tensor in = new Tensor("x", Datatype.FP32, new long[] {n}, values);
        Tensor out = m.run(new InferenceRequest(null, List.of(in), List.of())).get(0);
        assertThat((float[]) out.data()).as("call with %d values", n).isEqualTo(values);
      }
    }
  }

  @Test
  void inputsLargerThanTheKeptBuffersStillRun() throws Exception {
    int n = InputBuffers.MAX_KEPT_BYTES / Double.BYTES + 1;
    Path file = TestModels.identity(dir.resolve("d.onnx"), TestModels.DOUBLE, -1);
    try (LoadedModel m = loader.load(file)) {
      double[] values = new double[n];
      values[0] = 1.5;
      values[n - 1] = -2.5;
      Tensor in = new Tensor("x", Datatype.FP64, new long[] {n}, values);
      Tensor out = m.run(new InferenceRequest(null, List.of(in), List.of())).get(0);
      assertThat((double[]) out.data()).isEqualTo(values);
    }
  }
}
