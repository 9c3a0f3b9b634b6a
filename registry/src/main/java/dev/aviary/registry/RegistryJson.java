package dev.aviary.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The one JSON shape of registry objects, shared by {@code aviary model -o json} and the control
 * API's {@code /api/v1/models} routes.
 */
public final class RegistryJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RegistryJson() {}

  public static ObjectNode version(ModelVersion v) {
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
    o.set("lineage", lineage(v.lineage()));
    return o;
  }

  public static ObjectNode lineage(Lineage l) {
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

  public static ObjectNode aliasMove(AliasMove m) {
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
}
