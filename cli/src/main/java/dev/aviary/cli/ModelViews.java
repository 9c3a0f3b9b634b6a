package dev.aviary.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.registry.AliasMove;
import dev.aviary.registry.Lineage;
import dev.aviary.registry.ModelVersion;
import dev.aviary.registry.RegistryJson;
import dev.aviary.registry.TensorSignature;
import java.io.PrintWriter;
import java.util.Map;

/** How registry objects print: the JSON (and YAML) shape, and the human form. */
final class ModelViews {
  private ModelViews() {}

  static ObjectNode json(ModelVersion v) {
    return RegistryJson.version(v);
  }

  static ObjectNode json(Lineage l) {
    return RegistryJson.lineage(l);
  }

  static ObjectNode json(AliasMove m) {
    return RegistryJson.aliasMove(m);
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
