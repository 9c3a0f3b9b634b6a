package dev.aviary.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.durations.Durations;
import dev.aviary.spec.Field.Default;
import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Key;
import dev.aviary.spec.Field.Pattern;
import dev.aviary.spec.Field.Range;
import dev.aviary.spec.Field.Required;
import dev.aviary.spec.Field.Scalar;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema (draft 2020-12) of the spec documents, generated from the same records and
 * annotations the binder reads, so the schema cannot drift from what is accepted.
 */
public final class JsonSchema {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JsonSchema() {}

  /** Schema of a ModelDeployment document, pretty-printed. */
  public static String modelDeployment() {
    return print(document(ModelDeployment.class, ModelDeployment.KIND));
  }

  /** Schema of an AnalysisTemplate document, pretty-printed. */
  public static String analysisTemplate() {
    return print(document(AnalysisTemplate.class, AnalysisTemplate.KIND));
  }

  private static ObjectNode document(Class<?> type, String kind) {
    ObjectNode root = F.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", "https://aviary.dev/schemas/v1alpha1/" + kind.toLowerCase() + ".json");
    root.put("title", kind);
    ObjectNode body = record(type);
    ObjectNode props = (ObjectNode) body.get("properties");
    ((ObjectNode) props.get("apiVersion")).put("const", ModelDeployment.API_VERSION);
    ((ObjectNode) props.get("kind")).put("const", kind);
    root.setAll(body);
    return root;
  }

  private static ObjectNode schema(Type type, RecordComponent rc) {
    ObjectNode s = F.objectNode();
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (raw == List.class) {
        s.put("type", "array");
        s.set("items", schema(p.getActualTypeArguments()[0], null));
      } else if (raw == Map.class) {
        s.put("type", "object");
        s.set("additionalProperties", F.objectNode().put("type", "string"));
      }
      return annotate(s, rc);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      s.put("type", "string");
    } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      s.put("type", "integer");
    } else if (c == double.class || c == Double.class) {
      s.put("type", "number");
    } else if (c == boolean.class || c == Boolean.class) {
      s.put("type", "boolean");
    } else if (c == Duration.class) {
      s.put("type", "string");
      s.put("pattern", Durations.REGEX);
    } else if (c.isSealed()) {
      ArrayNode oneOf = s.putArray("oneOf");
      for (Map.Entry<String, Class<?>> e : Binder.cases(c).entrySet()) {
        ObjectNode option = F.objectNode();
        option.put("type", "object");
        Class<?> k = e.getValue();
        ObjectNode value = record(k);
        if (k.isAnnotationPresent(Scalar.class)) {
          RecordComponent only = k.getRecordComponents()[0];
          ObjectNode any = F.objectNode();
          any.putArray("anyOf").add(schema(only.getGenericType(), only)).add(value);
          value = any;
        }
        if (k.isAnnotationPresent(Doc.class)) {
          value.put("description", k.getAnnotation(Doc.class).value());
        }
        option.putObject("properties").set(e.getKey(), value);
        option.putArray("required").add(e.getKey());
        option.put("additionalProperties", false);
        oneOf.add(option);
      }
    } else if (c.isRecord()) {
      s = record(c);
    }
    return annotate(s, rc);
  }

  private static ObjectNode record(Class<?> type) {
    ObjectNode s = F.objectNode();
    s.put("type", "object");
    if (type.isAnnotationPresent(Doc.class) && !type.isAnnotationPresent(Key.class)) {
      s.put("description", type.getAnnotation(Doc.class).value());
    }
    ObjectNode props = s.putObject("properties");
    ArrayNode required = F.arrayNode();
    for (RecordComponent rc : type.getRecordComponents()) {
      props.set(rc.getName(), schema(rc.getGenericType(), rc));
      if (rc.isAnnotationPresent(Required.class)) {
        required.add(rc.getName());
      }
    }
    if (!required.isEmpty()) {
      s.set("required", required);
    }
    // Fields another system writes (the API server's metadata) are allowed, and bind to nothing.
    s.put("additionalProperties", type.isAnnotationPresent(Field.Ignored.class));
    return s;
  }

  private static ObjectNode annotate(ObjectNode s, RecordComponent rc) {
    if (rc == null) {
      return s;
    }
    Doc doc = rc.getAnnotation(Doc.class);
    if (doc != null) {
      s.put("description", doc.value());
    }
    Range r = rc.getAnnotation(Range.class);
    if (r != null) {
      if (r.min() != Long.MIN_VALUE) {
        s.put("minimum", r.min());
      }
      if (r.max() != Long.MAX_VALUE) {
        s.put("maximum", r.max());
      }
    }
    Pattern p = rc.getAnnotation(Pattern.class);
    if (p != null) {
      s.put("pattern", p.regex());
    }
    Default d = rc.getAnnotation(Default.class);
    if (d != null) {
      Class<?> t = rc.getType();
      if (t == int.class || t == Integer.class) {
        s.put("default", Integer.parseInt(d.value()));
      } else if (t == boolean.class || t == Boolean.class) {
        s.put("default", Boolean.parseBoolean(d.value()));
      } else if (t == double.class || t == Double.class) {
        s.put("default", Double.parseDouble(d.value()));
      } else {
        s.put("default", d.value());
      }
    }
    return s;
  }

  private static String print(ObjectNode node) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
