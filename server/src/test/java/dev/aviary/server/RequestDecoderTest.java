package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {
  static final ModelSignature MODEL =
      new ModelSignature(
          List.of(
              new TensorSpec("x", Datatype.FP32, new long[] {-1, 2}),
              new TensorSpec("n", Datatype.INT32, new long[] {-1}),
              new TensorSpec("u", Datatype.UINT8, new long[] {-1})),
          List.of(
              new OutputSpec.TensorOutput(new TensorSpec("y", Datatype.FP32, new long[] {-1}))));

  static InferenceRequest infer(String json) {
    return RequestDecoder.decodeInfer(json.getBytes(StandardCharsets.UTF_8), MODEL);
  }

  static String body(String x, String n, String u) {
    return "{\"inputs\": [" + x + ", " + n + ", " + u + "]}";
  }

  static final String X =
      "{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[[1,2],[3,4]]}";
  static final String N = "{\"name\":\"n\",\"shape\":[2],\"datatype\":\"INT32\",\"data\":[1,2]}";
  static final String U = "{\"name\":\"u\",\"shape\":[2],\"datatype\":\"UINT8\",\"data\":[0,255]}";

  static void assert400(String json, String message) {
    assertThatThrownBy(() -> infer(json))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessage(message);
  }

  @Nested
  class Accepts {
    @Test
    void nestedAndFlatDataAlike() {
      InferenceRequest nested = infer(body(X, N, U));
      InferenceRequest flat = infer(body(X.replace("[[1,2],[3,4]]", "[1,2,3,4]"), N, U));
      assertThat((float[]) nested.inputs().get(0).data()).containsExactly(1, 2, 3, 4);
      assertThat((float[]) flat.inputs().get(0).data()).containsExactly(1, 2, 3, 4);
      assertThat(nested.inputs().get(0).shape()).containsExactly(2, 2);
    }

    @Test
    void fieldsInAnyOrderWithDataBeforeDatatypeAndUnknownFieldsIgnored() {
      String x =
          "{\"data\":[1,2,3,4],\"extra\":{\"a\":[1]},\"shape\":[2,2],\"name\":\"x\","
              + "\"datatype\":\"FP32\"}";
      InferenceRequest r =
          infer(
              "{\"outputs\":[{\"name\":\"y\"}],\"inputs\":["
                  + x
                  + ","
                  + N
                  + ","
                  + U
                  + "],\"id\":\"z\"}");
      assertThat((float[]) r.inputs().get(0).data()).containsExactly(1, 2, 3, 4);
      assertThat(r.id()).isEqualTo("z");
      assertThat(r.outputs()).containsExactly("y");
    }

    @Test
    void integersBeyondInt64AreReportedNotWrapped() {
      assert400(
          body(X, N, U.replace("[0,255]", "[0,99999999999999999999]")),
          "input 'u': data element 1 (UINT8) must be an integer in 0..255, got number"
              + " 99999999999999999999");
    }

    @Test
    void inputsInAnyOrderComeBackInModelOrder() {
      InferenceRequest r = infer(body(U, X, N));
      assertThat(r.inputs()).extracting(Tensor::name).containsExactly("x", "n", "u");
      assertThat((byte[]) r.inputs().get(2).data()).containsExactly((byte) 0, (byte) 255);
    }

    @Test
    void theIdAndRequestedOutputs() {
      InferenceRequest r =
          infer(
              "{\"id\":\"7\",\"outputs\":[{\"name\":\"y\"},{\"name\":\"y\"}],\"inputs\":["
                  + X
                  + ","
                  + N
                  + ","
                  + U
                  + "]}");
      assertThat(r.id()).isEqualTo("7");
      assertThat(r.outputs()).containsExactly("y");
    }
  }

  @Nested
  class Rejects {
    @Test
    void dataNestedOtherwiseThanTheShape() {
      assert400(
          body(X.replace("[[1,2],[3,4]]", "[[1,2,3,4]]"), N, U),
          "input 'x': 'data' is nested as [1, 4] but 'shape' is [2, 2]; give 'data' flat (4"
              + " elements in row-major order) or nested as the shape");
      assert400(
          body(X.replace("[[1,2],[3,4]]", "[[[1,2]],[[3,4]]]"), N, U),
          "input 'x': 'data' is nested as [2, 1, 2] but 'shape' is [2, 2]; give 'data' flat (4"
              + " elements in row-major order) or nested as the shape");
    }

    @Test
    void raggedData() {
      assert400(
          body(X.replace("[[1,2],[3,4]]", "[[1,2],[3,4,5]]"), N, U),
          "input 'x': data[1] has 3 elements but data[0] has 2 (nested arrays must be"
              + " rectangular)");
      assert400(
          body(X.replace("[[1,2],[3,4]]", "[[1,2],3,4]"), N, U),
          "input 'x': data[1] is a value but data[0] is an array (nested arrays must be"
              + " rectangular)");
      assert400(
          body(X.replace("[[1,2],[3,4]]", "[1,2,[3,4]]"), N, U),
          "input 'x': data[2] is an array but data[0] is a value (nested arrays must be"
              + " rectangular)");
      assert400(
          body(X.replace("[[1,2],[3,4]]", "[[1,2],[]]"), N, U),
          "input 'x': data[1] is an empty array");
    }

    @Test
    void anEmptyBody() {
      assert400("", "request body is empty; expected a JSON object");
    }

    @Test
    void duplicateKeysAndTrailingGarbage() {
      assertThatThrownBy(() -> infer("{\"inputs\":[],\"inputs\":[]}"))
          .hasMessageStartingWith("malformed JSON at line 1");
      assertThatThrownBy(() -> infer(body(X, N, U) + " {}"))
          .hasMessage("malformed JSON: unexpected content after the JSON value");
    }

    @Test
    void aNonObjectBodyOrInputs() {
      assert400("[1]", "request body must be a JSON object, got array [1]");
      assert400("{\"inputs\": 3}", "'inputs' must be an array of tensors, got number 3");
      assert400("{\"inputs\": [3]}", "inputs[0] must be an object, got number 3");
    }

    @Test
    void aNonStringId() {
      assert400("{\"id\": 5, \"inputs\": []}", "'id' must be a string, got number 5");
    }

    @Test
    void aDuplicateInput() {
      assert400(body(X, X, N), "input 'x' is given more than once");
    }

    @Test
    void unknownDatatypes() {
      assert400(
          body(X.replace("FP32", "FP16"), N, U),
          "input 'x': unsupported datatype 'FP16'; supported: BOOL, INT8, UINT8, INT16, INT32,"
              + " INT64, FP32, FP64, BYTES");
    }

    @Test
    void badShapes() {
      assert400(
          body(X.replace("[2,2]", "[2,-2]"), N, U),
          "input 'x': shape[1] must be a positive integer, got number -2");
      assert400(
          body(X.replace("[2,2]", "[2]"), N, U),
          "input 'x': shape [2] does not match the model's [-1, 2] (-1 is any size)");
      assert400(
          body(X.replace("[2,2]", "[4611686018427387904,4611686018427387904]"), N, U),
          "input 'x': shape [4611686018427387904, 4611686018427387904] is too large");
    }

    @Test
    void valuesOutsideTheDatatype() {
      assert400(
          body(X, N.replace("[1,2]", "[1,2147483648]"), U),
          "input 'n': data element 1 (INT32) must be an integer in -2147483648..2147483647, got"
              + " number 2147483648");
      assert400(
          body(X, N.replace("[1,2]", "[1,2.5]"), U),
          "input 'n': data element 1 (INT32) must be an integer in -2147483648..2147483647, got"
              + " number 2.5");
      assert400(
          body(X, N, U.replace("[0,255]", "[0,256]")),
          "input 'u': data element 1 (UINT8) must be an integer in 0..255, got number 256");
      assert400(
          body(X.replace("[[1,2],[3,4]]", "[1,2,3,1e39]"), N, U),
          "input 'x': data element 3 (FP32) must be a finite number in the range of FP32, got"
              + " number 1.0E39");
      assert400(
          body(X.replace("[[1,2],[3,4]]", "[1,2,3,\"Infinity\"]"), N, U),
          "input 'x': data element 3 (FP32) must be a number (NaN and Infinity are not accepted),"
              + " got string \"Infinity\"");
      assert400(
          body(X.replace("[[1,2],[3,4]]", "[1,2,3,null]"), N, U),
          "input 'x': data element 3 (FP32) must be a number (NaN and Infinity are not accepted),"
              + " got null null");
    }

    @Test
    void missingData() {
      assert400(
          body("{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"FP32\"}", N, U),
          "input 'x': 'data' is missing");
    }
  }

  @Nested
  class V1Predict {
    static final ModelSignature ONE =
        new ModelSignature(MODEL.inputs().subList(0, 1), MODEL.outputs());

    @Test
    void rowsBecomeABatch() {
      InferenceRequest r =
          RequestDecoder.decodePredict(
              "{\"instances\":[[1,2],[3,4],[5,6]]}".getBytes(StandardCharsets.UTF_8), ONE, "m");
      assertThat(r.inputs().get(0).shape()).containsExactly(3, 2);
      assertThat((float[]) r.inputs().get(0).data()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void rejectsMissingInstancesAndNonRectangularRows() {
      assertThatThrownBy(
              () ->
                  RequestDecoder.decodePredict(
                      "{\"inputs\":[]}".getBytes(StandardCharsets.UTF_8), ONE, "m"))
          .hasMessageStartingWith("body must be {\"instances\": [...]} with at least one instance");
      assertThatThrownBy(
              () ->
                  RequestDecoder.decodePredict(
                      "{\"instances\":[[[1],[2,3]]]}".getBytes(StandardCharsets.UTF_8), ONE, "m"))
          .hasMessage(
              "instances[0][1] has 2 elements but instances[0][0] has 1 (nested arrays must be"
                  + " rectangular)");
    }
  }
}
