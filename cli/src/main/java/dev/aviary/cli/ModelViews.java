package dev.aviary.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.registry.AliasMove;
import dev.aviary.registry.Lineage;
import dev.aviary.registry.ModelVersion;
import dev.aviary.registry.TensorSignature;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** How registry objects print: the JSON (and YAML) shape, and the human form. */
final class ModelViews {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ModelViews() {}

  static ObjectNode json(ModelVersion v) {
    ObjectNode o = F.objectNode();
    o.put("name", v.name());
    o.put("version", v.version());
    o.put("ref", v.ref());
    o.put("sha256", v.sha256());
    o.put("size", v.size());
    o.put("format", v.format());
    ArrayNode aliases = o.putArray("aliases");
    v.aliases().forEach(aliases::add);
    ObjectNode sig = o.putObject("signature");
    tensors(sig.putArray("inputs"), v.signature().inputs());
    tensors(sig.putArray("outputs"), v.signature().outputs());
    ObjectNode metrics = o.putObject("metrics");
    v.metrics().forEach(metrics::put);
    ObjectNode params = o.putObject("params");
    v.params().forEach(params::put);
    ObjectNode tags = o.putObject("tags");
    v.tags().forEach(tags::put);
    o.set("lineage", json(v.lineage()));
    return o;
  }

  static ObjectNode json(Lineage l) {
    ObjectNode o = F.objectNode();
    o.put("gitCommit", l.gitCommit());
    if (l.gitDirty() == null) {
      o.putNull("gitDirty");
    } else {
      o.put("gitDirty", l.gitDirty());
    }
    o.put("dataUri", l.dataUri());
    o.put("dataSha256", l.dataSha256());
    o.put("trainedBy", l.trainedBy());
    if (l.parentVersion() == null) {
      o.putNull("parentVersion");
    } else {
      o.put("parentVersion", l.parentVersion());
    }
    o.put("createdBy", l.createdBy());
    o.put("createdAt", l.createdAt().toString());
    return o;
  }

  static ObjectNode json(AliasMove m) {
    ObjectNode o = F.objectNode();
    o.put("alias", m.alias());
    if (m.fromVersion() == null) {
      o.putNull("fromVersion");
    } else {
      o.put("fromVersion", m.fromVersion());
    }
    o.put("toVersion", m.toVersion());
    o.put("movedBy", m.movedBy());
    o.put("movedAt", m.movedAt().toString());
    return o;
  }

  private static void tensors(ArrayNode out, List<TensorSignature> ts) {
    for (TensorSignature t : ts) {
      ObjectNode o = out.addObject();
      o.put("name", t.name());
      o.put("kind", t.kind());
      o.put("datatype", t.datatype());
      ArrayNode shape = o.putArray("shape");
      t.shape().forEach(shape::add);
    }
  }

  /** {@code name: value} lines, the human form of one version. */
  static void describe(PrintWriter out, ModelVersion v) {
    line(out, "Name", v.ref());
    line(out, "Aliases", v.aliases().isEmpty() ? "-" : String.join(", ", v.aliases()));
    line(out, "Sha256", v.sha256());
    line(out, "Size", v.size() + " bytes");
    line(out, "Format", v.format());
    for (TensorSignature t : v.signature().inputs()) {
      line(out, "Input", tensor(t));
    }
    for (TensorSignature t : v.signature().outputs()) {
      line(out, "Output", tensor(t));
    }
    line(out, "Metrics", pairs(v.metrics()));
    line(out, "Params", pairs(v.params()));
    line(out, "Tags", pairs(v.tags()));
    lineage(out, v.lineage());
    out.flush();
  }

  static void lineage(PrintWriter out, Lineage l) {
    line(out, "Git commit", l.gitCommit() == null ? "-" : l.gitCommit() + dirty(l.gitDirty()));
    line(out, "Data", l.dataUri() == null ? "-" : l.dataUri());
    line(out, "Data sha256", dash(l.dataSha256()));
    line(out, "Trained by", dash(l.trainedBy()));
    line(out, "Parent", l.parentVersion() == null ? "-" : l.parentVersion().toString());
    line(out, "Created", l.createdAt() + " by " + l.createdBy());
  }

  static String move(AliasMove m) {
    return m.movedAt()
        + "  "
        + m.alias()
        + ": "
        + (m.fromVersion() == null ? "(new)" : m.name() + ":" + m.fromVersion())
        + " -> "
        + m.name()
        + ":"
        + m.toVersion()
        + " by "
        + m.movedBy();
  }

  private static String dirty(Boolean d) {
    return d == null ? "" : d ? " (dirty working tree)" : " (clean)";
  }

  private static String tensor(TensorSignature t) {
    return t.name()
        + " "
        + t.kind()
        + " "
        + t.datatype()
        + (t.shape().isEmpty() ? "" : " " + t.shape());
  }

  static String dash(String s) {
    return s == null ? "-" : s;
  }

  private static String pairs(Map<String, ?> m) {
    if (m.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return b.toString();
  }

  private static void line(PrintWriter out, String key, String value) {
    out.printf("%-12s %s%n", key + ":", value);
  }
}
