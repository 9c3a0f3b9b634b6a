package dev.aviary.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aviary.durations.Durations;
import dev.aviary.spec.Field.Default;
import dev.aviary.spec.Field.Key;
import dev.aviary.spec.Field.Pattern;
import dev.aviary.spec.Field.Range;
import dev.aviary.spec.Field.Required;
import dev.aviary.spec.Field.Scalar;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a JSON tree to spec records by reflection, collecting every problem instead of stopping at
 * the first. Invalid values bind as null (or zero for primitives) so that later checks still run.
 */
final class Binder {
  private final List<Problem> problems = new ArrayList<>();

  List<Problem> problems() {
    return problems;
  }

  /**
   * Binds a whole document. Unlike nested records, the document itself is built even when a
   * required field is missing, so that the remaining checks still run on the rest.
   */
  <T> T bindRoot(JsonNode node, Class<T> type) {
    return type.cast(bindRecord(node, type, "", true));
  }

  private Object bind(JsonNode node, Type type, String path) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (raw == List.class) {
        return bindList(node, p.getActualTypeArguments()[0], path);
      }
      if (raw == Map.class) {
        return bindMap(node, path);
      }
      throw new IllegalStateException("unsupported type " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      if (!node.isValueNode() || node.isNull()) {
        return fail(path, "must be a string, got " + describe(node));
      }
      return node.asText();
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        return fail(path, "must be a whole number, got " + describe(node));
      }
      long v = node.asLong();
      if (c == long.class || c == Long.class) {
        return v;
      }
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        return fail(path, "must be a whole number that fits 32 bits, got " + v);
      }
      return (int) v;
    }
    if (c == double.class || c == Double.class) {
      if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
        return fail(path, "must be a number, got " + describe(node));
      }
      return node.asDouble();
    }
    if (c == boolean.class || c == Boolean.class) {
      if (!node.isBoolean()) {
        return fail(path, "must be true or false, got " + describe(node));
      }
      return node.asBoolean();
    }
    if (c == Duration.class) {
      if (!node.isTextual()) {
        return fail(path, "must be " + Durations.EXPECTED + ", got " + describe(node));
      }
      try {
        return Durations.parse(node.asText());
      } catch (IllegalArgumentException e) {
        return fail(path, e.getMessage());
      }
    }
    if (c.isSealed()) {
      return bindCase(node, c, path);
    }
    if (c.isRecord()) {
      return bindRecord(node, c, path, false);
    }
    throw new IllegalStateException("unsupported type " + c);
  }

  private Object bindList(JsonNode node, Type item, String path) {
    if (!node.isArray()) {
      return fail(path, "must be a list, got " + describe(node));
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      Object v = bind(node.get(i), item, path + "[" + i + "]");
      if (v != null) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  private Object bindMap(JsonNode node, String path) {
    if (!node.isObject()) {
      return fail(path, "must be a map of names to strings, got " + describe(node));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Object v = bind(e.getValue(), String.class, join(path, e.getKey()));
      if (v != null) {
        out.put(e.getKey(), (String) v);
      }
    }
    return Map.copyOf(out);
  }

  private Object bindCase(JsonNode node, Class<?> sealed, String path) {
    Map<String, Class<?>> cases = cases(sealed);
    String expected = String.join(", ", cases.keySet());
    if (!node.isObject() || node.size() != 1) {
      return fail(
          path, "must be an object with exactly one of: " + expected + ", got " + describe(node));
    }
    String key = node.fieldNames().next();
    Class<?> c = cases.get(key);
    if (c == null) {
      return fail(join(path, key), "unknown field; expected exactly one of: " + expected);
    }
    JsonNode value = node.get(key);
    String casePath = join(path, key);
    if (c.isAnnotationPresent(Scalar.class) && !value.isObject()) {
      RecordComponent only = c.getRecordComponents()[0];
      Object v = bind(value, only.getGenericType(), casePath);
      if (v == null) {
        return null;
      }
      checkConstraints(only, v, casePath);
      return construct(c, new Object[] {v});
    }
    if (value.isNull()) {
      value = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    return bindRecord(value, c, casePath, false);
  }

  static Map<String, Class<?>> cases(Class<?> sealed) {
    Map<String, Class<?>> out = new LinkedHashMap<>();
    for (Class<?> c : sealed.getPermittedSubclasses()) {
      out.put(c.getAnnotation(Key.class).value(), c);
    }
    return out;
  }

  /**
   * A nested record missing a required value binds as null (after reporting it), so code that reads
   * bound records can rely on required fields being present.
   */
  private Object bindRecord(JsonNode node, Class<?> type, String path, boolean root) {
    if (!node.isObject()) {
      return fail(path, "must be an object, got " + describe(node));
    }
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byName = new LinkedHashMap<>();
    for (RecordComponent rc : components) {
      byName.put(rc.getName(), rc);
    }
    Set<String> ignored =
        type.isAnnotationPresent(Field.Ignored.class)
            ? Set.of(type.getAnnotation(Field.Ignored.class).value())
            : Set.of();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!byName.containsKey(name) && !ignored.contains(name)) {
        fail(
            join(path, name),
            "unknown field; expected one of: " + String.join(", ", byName.keySet()));
      }
    }
    Object[] args = new Object[components.length];
    boolean complete = true;
    for (int i = 0; i < components.length; i++) {
      RecordComponent rc = components[i];
      String fieldPath = join(path, rc.getName());
      JsonNode value = node.get(rc.getName());
      Object v = null;
      if (value == null || value.isNull()) {
        Default d = rc.getAnnotation(Default.class);
        if (d != null) {
          v = bind(TextNode.valueOf(d.value()), rc.getGenericType(), fieldPath, d.value());
        } else if (rc.isAnnotationPresent(Required.class)) {
          fail(fieldPath, "is required");
        }
      } else {
        v = bind(value, rc.getGenericType(), fieldPath);
        if (v != null) {
          checkConstraints(rc, v, fieldPath);
        }
      }
      if (v == null && rc.isAnnotationPresent(Required.class)) {
        complete = false;
      }
      args[i] = v == null ? zero(rc.getType()) : v;
    }
    return complete || root ? construct(type, args) : null;
  }

  /** Binds a default written as text. */
  private Object bind(JsonNode text, Type type, String path, String raw) {
    if (type == int.class || type == Integer.class) {
      return Integer.parseInt(raw);
    }
    if (type == long.class || type == Long.class) {
      return Long.parseLong(raw);
    }
    if (type == boolean.class || type == Boolean.class) {
      return Boolean.parseBoolean(raw);
    }
    if (type == double.class || type == Double.class) {
      return Double.parseDouble(raw);
    }
    return bind(text, type, path);
  }

  private void checkConstraints(RecordComponent rc, Object v, String path) {
    Range r = rc.getAnnotation(Range.class);
    if (r != null && v instanceof Double d) {
      if (d < r.min() || d > r.max()) {
        fail(path, rangeText(r) + ", got " + d);
      }
    } else if (r != null && v instanceof Number n) {
      long x = n.longValue();
      if (x < r.min() || x > r.max()) {
        fail(path, rangeText(r) + ", got " + x);
      }
    }
    Pattern p = rc.getAnnotation(Pattern.class);
    if (p != null && v instanceof String s && !s.matches(p.regex())) {
      fail(path, "must be " + p.expected() + ", got '" + s + "'");
    }
  }

  static String rangeText(Range r) {
    if (r.max() == Long.MAX_VALUE) {
      return "must be at least " + r.min();
    }
    if (r.min() == Long.MIN_VALUE) {
      return "must be at most " + r.max();
    }
    return "must be between " + r.min() + " and " + r.max();
  }

  private static Object construct(Class<?> type, Object[] args) {
    Class<?>[] types = new Class<?>[args.length];
    RecordComponent[] rcs = type.getRecordComponents();
    for (int i = 0; i < rcs.length; i++) {
      types[i] = rcs[i].getType();
    }
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }

  private static Object zero(Class<?> t) {
    if (t == int.class) {
      return 0;
    }
    if (t == long.class) {
      return 0L;
    }
    if (t == boolean.class) {
      return false;
    }
    if (t == double.class) {
      return 0.0;
    }
    return null;
  }

  private Object fail(String path, String message) {
    problems.add(new Problem(path, message));
    return null;
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String describe(JsonNode node) {
    if (node.isNull()) {
      return "null";
    }
    if (node.isObject()) {
      return "an object with fields "
          + iterable(node.fieldNames()).stream().collect(Collectors.joining(", ", "[", "]"));
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return "'" + node.asText() + "'";
    }
    return node.toString();
  }

  private static List<String> iterable(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
