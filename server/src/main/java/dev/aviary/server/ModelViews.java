package dev.aviary.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** JSON bodies describing a model: OIP model metadata and model readiness. */
final class ModelViews {
  static final String PLATFORM = "onnxruntime_onnx";

  private ModelViews() {}

  /** OIP model metadata; 503 if the version is not loaded (its inputs are unknown then). */
  static byte[] metadata(ModelEntry e, Collection<ModelEntry> versions) {
    LoadedModel model = e.requireReady();
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("name", e.name());
    ArrayNode vs = n.putArray("versions");
    versions.forEach(v -> vs.add(v.version()));
    n.put("platform", PLATFORM);
    ArrayNode inputs = n.putArray("inputs");
    for (TensorSpec s : model.signature().inputs()) {
      tensor(inputs.addObject(), s.name(), s.datatype(), s.shape());
    }
    ArrayNode outputs = n.putArray("outputs");
    for (OutputSpec o : model.signature().outputs()) {
      if (o instanceof OutputSpec.TensorOutput t) {
        tensor(outputs.addObject(), t.name(), t.datatype(), t.spec().shape());
      } else if (o instanceof OutputSpec.ProbabilityMaps p) {
        ObjectNode out = outputs.addObject();
        tensor(out, p.name(), p.datatype(), p.sequence() ? new long[] {-1, -1} : new long[] {-1});
        out.putObject("parameters")
            .put("onnx_type", p.sequence() ? "sequence of maps" : "map")
            .put("classes", "listed in the output's parameters.classes");
      }
    }
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void tensor(ObjectNode o, String name, Datatype d, long[] shape) {
    o.put("name", name);
    o.put("datatype", d.name());
    ArrayNode s = o.putArray("shape");
    for (long x : shape) {
      s.add(x);
    }
  }

  static byte[] ready(ModelEntry e) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("name", e.name());
    n.put("version", e.version());
    n.put("ready", e.ready());
    if (e.state() instanceof ModelEntry.State.Failed f) {
      n.put("reason", f.reason());
    } else if (!e.ready()) {
      n.put("reason", "loading");
    }
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
