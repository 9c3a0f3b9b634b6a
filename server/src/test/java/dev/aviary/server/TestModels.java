package dev.aviary.server;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ONNX models built in code for the tests, written to files so ONNX Runtime loads them like any
 * user model. Batch dimensions are symbolic ("N").
 */
final class TestModels {
  static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
  static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;
  static final int INT32 = TensorProto.DataType.INT32_VALUE;
  static final int INT64 = TensorProto.DataType.INT64_VALUE;
  static final int BOOL = TensorProto.DataType.BOOL_VALUE;
  static final int STRING = TensorProto.DataType.STRING_VALUE;
  static final int FLOAT16 = TensorProto.DataType.FLOAT16_VALUE;
  static final int UINT8 = TensorProto.DataType.UINT8_VALUE;
  static final int INT8 = TensorProto.DataType.INT8_VALUE;
  static final int INT16 = TensorProto.DataType.INT16_VALUE;

  private TestModels() {}

  /**
   * Writes the test models as a repository under the given directory, for trying things by hand.
   */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/test-repository");
    allTypes(dir.resolve("types/1/model.onnx"));
    classifier(dir.resolve("fraud/1/model.onnx"));
    stringClassifier(dir.resolve("labels/1/model.onnx"));
    regressor(dir.resolve("price/1/model.onnx"));
    System.out.println("wrote test models under " + dir.toAbsolutePath());
  }

  /**
   * Six inputs, one per datatype, each passed to an output: {@code f32 [N,3] -> f32_doubled (Add to
   * itself)}, {@code f64 [N,2] -> f64_out}, {@code i32 [N] -> i32_out}, {@code i64 [N,2] ->
   * i64_out}, {@code flag [N] -> flag_not (Not)}, {@code text [N] -> text_out}.
   */
  static Path allTypes(Path file) {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("all_types")
            .addInput(tensor("f32", FLOAT, -1, 3))
            .addInput(tensor("f64", DOUBLE, -1, 2))
            .addInput(tensor("i32", INT32, -1))
            .addInput(tensor("i64", INT64, -1, 2))
            .addInput(tensor("flag", BOOL, -1))
            .addInput(tensor("text", STRING, -1))
            .addNode(node("Add", List.of("f32", "f32"), List.of("f32_doubled")))
            .addNode(node("Identity", List.of("f64"), List.of("f64_out")))
            .addNode(node("Identity", List.of("i32"), List.of("i32_out")))
            .addNode(node("Identity", List.of("i64"), List.of("i64_out")))
            .addNode(node("Not", List.of("flag"), List.of("flag_not")))
            .addNode(node("Identity", List.of("text"), List.of("text_out")))
            .addOutput(tensor("f32_doubled", FLOAT, -1, 3))
            .addOutput(tensor("f64_out", DOUBLE, -1, 2))
            .addOutput(tensor("i32_out", INT32, -1))
            .addOutput(tensor("i64_out", INT64, -1, 2))
            .addOutput(tensor("flag_not", BOOL, -1))
            .addOutput(tensor("text_out", STRING, -1))
            .build();
    return write(file, graph);
  }

  /** {@code y = x · [[2], [3]] + 1} with {@code x [N,2]} and {@code y [N,1]}. */
  static Path regressor(Path file) {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("regressor")
            .addInput(tensor("x", FLOAT, -1, 2))
            .addInitializer(floats("w", new long[] {2, 1}, 2f, 3f))
            .addInitializer(floats("b", new long[] {1}, 1f))
            .addNode(node("MatMul", List.of("x", "w"), List.of("xw")))
            .addNode(node("Add", List.of("xw", "b"), List.of("y")))
            .addOutput(tensor("y", FLOAT, -1, 1))
            .build();
    return write(file, graph);
  }

  /**
   * A linear classifier over {@code features [N,2]} with classes 0 and 1, as scikit-learn
   * converters export it: {@code label [N]} (int64), {@code scores [N,2]} (softmax) and {@code
   * probabilities}, a ZipMap {@code seq(map(int64, float))}. Class 1 wins when {@code f0 > f1}.
   */
  static Path classifier(Path file) {
    NodeProto linear =
        NodeProto.newBuilder()
            .setOpType("LinearClassifier")
            .setDomain("ai.onnx.ml")
            .addInput("features")
            .addOutput("label")
            .addOutput("scores")
            .addAttribute(floatsAttr("coefficients", -1f, 1f, 1f, -1f))
            .addAttribute(floatsAttr("intercepts", 0f, 0f))
            .addAttribute(intsAttr("classlabels_ints", 0, 1))
            .addAttribute(stringAttr("post_transform", "SOFTMAX"))
            .build();
    NodeProto zipmap =
        NodeProto.newBuilder()
            .setOpType("ZipMap")
            .setDomain("ai.onnx.ml")
            .addInput("scores")
            .addOutput("probabilities")
            .addAttribute(intsAttr("classlabels_int64s", 0, 1))
            .build();
    TypeProto seqOfMaps =
        TypeProto.newBuilder()
            .setSequenceType(
                TypeProto.Sequence.newBuilder()
                    .setElemType(
                        TypeProto.newBuilder()
                            .setMapType(
                                TypeProto.Map.newBuilder()
                                    .setKeyType(INT64)
                                    .setValueType(tensorType(FLOAT)))))
            .build();
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("classifier")
            .addInput(tensor("features", FLOAT, -1, 2))
            .addNode(linear)
            .addNode(zipmap)
            .addOutput(tensor("label", INT64, -1))
            .addOutput(tensor("scores", FLOAT, -1, 2))
            .addOutput(ValueInfoProto.newBuilder().setName("probabilities").setType(seqOfMaps))
            .build();
    return write(file, graph);
  }

  /** Same as {@link #classifier} but with string classes "legit" (0) and "fraud" (1). */
  static Path stringClassifier(Path file) {
    NodeProto linear =
        NodeProto.newBuilder()
            .setOpType("LinearClassifier")
            .setDomain("ai.onnx.ml")
            .addInput("features")
            .addOutput("label")
            .addOutput("scores")
            .addAttribute(floatsAttr("coefficients", -1f, 1f, 1f, -1f))
            .addAttribute(floatsAttr("intercepts", 0f, 0f))
            .addAttribute(stringsAttr("classlabels_strings", "legit", "fraud"))
            .addAttribute(stringAttr("post_transform", "SOFTMAX"))
            .build();
    NodeProto zipmap =
        NodeProto.newBuilder()
            .setOpType("ZipMap")
            .setDomain("ai.onnx.ml")
            .addInput("scores")
            .addOutput("probabilities")
            .addAttribute(stringsAttr("classlabels_strings", "legit", "fraud"))
            .build();
    TypeProto seqOfMaps =
        TypeProto.newBuilder()
            .setSequenceType(
                TypeProto.Sequence.newBuilder()
                    .setElemType(
                        TypeProto.newBuilder()
                            .setMapType(
                                TypeProto.Map.newBuilder()
                                    .setKeyType(STRING)
                                    .setValueType(tensorType(FLOAT)))))
            .build();
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("string_classifier")
            .addInput(tensor("features", FLOAT, -1, 2))
            .addNode(linear)
            .addNode(zipmap)
            .addOutput(tensor("label", STRING, -1))
            .addOutput(ValueInfoProto.newBuilder().setName("probabilities").setType(seqOfMaps))
            .build();
    return write(file, graph);
  }

  /**
   * A deliberately slow model: {@code y [N,1] = 1000000 · x} for {@code x [N,1]}, computed by
   * tiling each row a million times (4 MB per row) and summing, so that every call takes a while
   * (about half a millisecond per row) and concurrent requests find the model busy.
   */
  static Path slow(Path file) {
    TensorProto repeats =
        TensorProto.newBuilder()
            .setName("repeats")
            .setDataType(INT64)
            .addDims(2)
            .addInt64Data(1)
            .addInt64Data(1_000_000)
            .build();
    TensorProto axes =
        TensorProto.newBuilder()
            .setName("axes")
            .setDataType(INT64)
            .addDims(1)
            .addInt64Data(1)
            .build();
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("slow")
            .addInput(tensor("x", FLOAT, -1, 1))
            .addInitializer(repeats)
            .addInitializer(axes)
            .addNode(node("Tile", List.of("x", "repeats"), List.of("tiled")))
            .addNode(node("ReduceSum", List.of("tiled", "axes"), List.of("y")))
            .addOutput(tensor("y", FLOAT, -1, 1))
            .build();
    return write(file, graph);
  }

  /** {@code y = Identity(x)} for one element type and shape; for types the server refuses. */
  static Path identity(Path file, int elemType, long... dims) {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("identity")
            .addInput(tensor("x", elemType, dims))
            .addNode(node("Identity", List.of("x"), List.of("y")))
            .addOutput(tensor("y", elemType, dims))
            .build();
    return write(file, graph);
  }

  /**
   * Reshapes {@code x [N]} to {@code [1]}: it warms up (N = 1) but fails in the runtime for any
   * other batch size, like a model whose declared shape promises more than it can do.
   */
  static Path reshapeToOne(Path file) {
    return reshapeTo(file, 1);
  }

  /** Reshapes {@code x [N]} to {@code [n]}; with n > 1 even the warm-up (N = 1) fails. */
  static Path reshapeTo(Path file, long n) {
    TensorProto shape =
        TensorProto.newBuilder()
            .setName("shape")
            .setDataType(INT64)
            .addDims(1)
            .addInt64Data(n)
            .build();
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("reshape")
            .addInput(tensor("x", FLOAT, -1))
            .addInitializer(shape)
            .addNode(node("Reshape", List.of("x", "shape"), List.of("y")))
            .addOutput(tensor("y", FLOAT, n))
            .build();
    return write(file, graph);
  }

  static Path corrupt(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "this is not an ONNX model");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path file, GraphProto graph) {
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("aviary-tests")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1))
            .setGraph(graph)
            .build();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, model.toByteArray());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TypeProto tensorType(int elemType, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(
          d < 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(elemType);
    if (dims.length > 0) {
      t.setShape(shape);
    }
    return TypeProto.newBuilder().setTensorType(t).build();
  }

  private static ValueInfoProto tensor(String name, int elemType, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(
          d < 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
        .build();
  }

  private static NodeProto node(String op, List<String> inputs, List<String> outputs) {
    return NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addAllOutput(outputs).build();
  }

  private static TensorProto floats(String name, long[] dims, float... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
    for (long d : dims) {
      t.addDims(d);
    }
    for (float v : values) {
      t.addFloatData(v);
    }
    return t.build();
  }

  private static AttributeProto floatsAttr(String name, float... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
    for (float v : values) {
      a.addFloats(v);
    }
    return a.build();
  }

  private static AttributeProto intsAttr(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static AttributeProto stringsAttr(String name, String... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
    for (String v : values) {
      a.addStrings(com.google.protobuf.ByteString.copyFromUtf8(v));
    }
    return a.build();
  }

  private static AttributeProto stringAttr(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value))
        .build();
  }
}
