package dev.aviary.train;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the ONNX nodes and constants of a preprocessing stage; names are prefixed to be unique.
 */
final class OnnxGraphBuilder {

  private final String input;
  private final String prefix;
  private final List<NodeProto> nodes = new ArrayList<>();
  private final List<TensorProto> initializers = new ArrayList<>();
  private final Map<Integer, String> columns = new HashMap<>();
  private int counter;

  OnnxGraphBuilder(String input, String prefix) {
    this.input = input;
    this.prefix = prefix;
  }

  /** Column {@code index} of the input, shape [N, 1]; emitted once and reused. */
  String column(int index) {
    return columns.computeIfAbsent(
        index,
        i -> {
          TensorProto indices =
              TensorProto.newBuilder()
                  .setName(fresh("col" + i + "_index"))
                  .setDataType(TensorProto.DataType.INT64_VALUE)
                  .addDims(1)
                  .addInt64Data(i)
                  .build();
          initializers.add(indices);
          return add(
              NodeProto.newBuilder()
                  .setOpType("Gather")
                  .addInput(input)
                  .addInput(indices.getName())
                  .addAttribute(intAttribute("axis", 1)));
        });
  }

  String scalar(float value) {
    return constant(new float[] {value}, false);
  }

  /** A float constant of shape [values.length], or a scalar when {@code vector} is false. */
  String constant(float[] values, boolean vector) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(fresh("const"))
            .setDataType(TensorProto.DataType.FLOAT_VALUE);
    if (vector) {
      t.addDims(values.length);
    }
    for (float v : values) {
      t.addFloatData(v);
    }
    initializers.add(t.build());
    return t.getName();
  }

  String node(String opType, String... inputs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType);
    for (String in : inputs) {
      n.addInput(in);
    }
    return add(n);
  }

  String toFloat(String value) {
    return add(
        NodeProto.newBuilder()
            .setOpType("Cast")
            .addInput(value)
            .addAttribute(intAttribute("to", TensorProto.DataType.FLOAT_VALUE)));
  }

  String concatColumns(List<String> values) {
    NodeProto.Builder n =
        NodeProto.newBuilder().setOpType("Concat").addAttribute(intAttribute("axis", 1));
    values.forEach(n::addInput);
    return add(n);
  }

  List<NodeProto> nodes() {
    return List.copyOf(nodes);
  }

  List<TensorProto> initializers() {
    return List.copyOf(initializers);
  }

  /** Renames the output of the last node, so the next stage can refer to a fixed name. */
  void renameLastOutput(String name) {
    NodeProto last = nodes.remove(nodes.size() - 1);
    nodes.add(last.toBuilder().setOutput(0, name).build());
  }

  private String add(NodeProto.Builder node) {
    String name = fresh(node.getOpType());
    nodes.add(node.setName(name).addOutput(name + "_out").build());
    return name + "_out";
  }

  private String fresh(String base) {
    return prefix + base + "_" + counter++;
  }

  private static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }
}
