package dev.aviary.train;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a trained Tribuo model into the served ONNX file: Tribuo's own export, preceded by the
 * feature pipeline and standardisation as ONNX nodes, so that every version takes the same raw
 * input {@value #INPUT} of shape [N, 10].
 *
 * <p>Tribuo stores its provenance (with training timestamps) in the file; it is replaced by fixed
 * metadata so that the same seed gives the same bytes.
 */
final class OnnxModelWriter {

  static final String INPUT = "input";
  static final String OUTPUT = "output";
  static final String DOMAIN = "dev.aviary.examples.fraud";
  private static final String PREPARED = "aviary_prepared_features";

  private OnnxModelWriter() {}

  static byte[] toBytes(TribuoFraudTrainer.Trained trained) {
    ModelProto exported = trained.onnx().exportONNXModel(DOMAIN, trained.version().number());
    GraphProto tribuo = exported.getGraph();

    OnnxGraphBuilder prep = new OnnxGraphBuilder(INPUT, "aviary_");
    List<String> columns = trained.pipeline().columns().stream().map(c -> c.emit(prep)).toList();
    String matrix = columns.size() == 1 ? columns.get(0) : prep.concatColumns(columns);
    Standardizer s = trained.standardizer();
    String centered = prep.node("Sub", matrix, prep.constant(s.mean(), true));
    prep.node("Div", centered, prep.constant(s.scale(), true));
    prep.renameLastOutput(PREPARED);

    GraphProto.Builder graph =
        tribuo.toBuilder()
            .clearNode()
            .clearInput()
            .addAllNode(prep.nodes())
            .addAllInitializer(prep.initializers())
            .addInput(rawInput(tribuo.getInput(0)));
    for (NodeProto node : tribuo.getNodeList()) {
      NodeProto.Builder b = node.toBuilder();
      for (int i = 0; i < b.getInputCount(); i++) {
        if (b.getInput(i).equals(INPUT)) {
          b.setInput(i, PREPARED);
        }
      }
      graph.addNode(b);
    }
    if (!tribuo.getOutput(0).getName().equals(OUTPUT)) {
      throw new IllegalStateException(
          "Tribuo's ONNX export named its output " + tribuo.getOutput(0).getName());
    }

    ModelProto.Builder model =
        exported.toBuilder()
            .setGraph(graph.setName("aviary-fraud-" + trained.version().directory()))
            .setDocString(trained.version().description())
            .clearMetadataProps();
    metadata(trained)
        .forEach(
            (k, v) ->
                model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build().toByteArray();
  }

  /** Metadata a server or a person can read back from the file. */
  static Map<String, String> metadata(TribuoFraudTrainer.Trained trained) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("aviary.model", "fraud");
    m.put("aviary.version", Integer.toString(trained.version().number()));
    m.put("aviary.description", trained.version().description());
    m.put(
        "aviary.input.columns",
        String.join(",", java.util.Arrays.stream(Feature.values()).map(Feature::column).toList()));
    m.put("aviary.model.features", String.join(",", trained.pipeline().names()));
    m.put("aviary.output.labels", String.join(",", trained.outputLabels()));
    m.put("aviary.output.fraud_index", Integer.toString(trained.fraudIndex()));
    m.put("aviary.seed", Long.toString(trained.seed()));
    return m;
  }

  private static ValueInfoProto rawInput(ValueInfoProto tribuoInput) {
    ValueInfoProto.Builder b = tribuoInput.toBuilder();
    TensorShapeProto.Builder shape = b.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
    shape.setDim(1, TensorShapeProto.Dimension.newBuilder().setDimValue(Feature.count()));
    return b.build();
  }
}
