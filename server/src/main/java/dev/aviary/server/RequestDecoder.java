package dev.aviary.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns OIP v2 infer bodies and V1 predict bodies into validated tensors for one model. Pure: no
 * I/O, every problem is an {@link ApiException} (400) naming the input and what was expected.
 */
final class RequestDecoder {
  /** Upper bound on elements per tensor, far above what the body size allows anyway. */
  static final long MAX_ELEMENTS = 1L << 28;

  private RequestDecoder() {}

  /**
   * Decodes {@code POST /v2/models/{m}/infer}. The body is read with a streaming parser: tensor
   * data goes straight into compact {@link Leaves} without a JSON tree; the small fields around it
   * are read as nodes.
   */
  static InferenceRequest decodeInfer(byte[] body, ModelSignature model) {
    return Json.stream(body, p -> decodeInfer(p, model));
  }

  /** An element of {@code inputs} as read: its small fields, its data and the data's nesting. */
  private record RawInput(JsonNode notAnObject, ObjectNode fields, Leaves data, Nesting nesting) {}

  private static InferenceRequest decodeInfer(JsonParser p, ModelSignature model)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw ApiException.badRequest(
          "request body must be a JSON object, got " + Json.describe(readTree(p)));
    }
    ObjectNode root = Json.MAPPER.createObjectNode();
    List<RawInput> inputs = null;
    JsonNode inputsNotArray = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("inputs") && p.currentToken() == JsonToken.START_ARRAY) {
        inputs = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          inputs.add(readInput(p, "inputs[" + i++ + "]"));
        }
      } else if (field.equals("inputs")) {
        inputsNotArray = readTree(p);
      } else {
        root.set(field, readTree(p));
      }
    }
    String id = null;
    JsonNode idNode = root.get("id");
    if (idNode != null && !idNode.isNull()) {
      if (!idNode.isTextual()) {
        throw ApiException.badRequest("'id' must be a string, got " + Json.describe(idNode));
      }
      id = idNode.asText();
    }
    requireObjectOrAbsent(root.get("parameters"), "'parameters'");
    if (inputs == null) {
      throw ApiException.badRequest(
          "'inputs' must be an array of tensors, got " + Json.describe(inputsNotArray));
    }
    RequestInputs decoded = new RequestInputs(model);
    for (int i = 0; i < inputs.size(); i++) {
      decoded.add(decodeInput(inputs.get(i), i, model));
    }
    return new InferenceRequest(
        id, decoded.inModelOrder(), decodeRequestedOutputs(root.get("outputs"), model));
  }

  private static RawInput readInput(JsonParser p, String where) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return new RawInput(readTree(p), null, null, null);
    }
    ObjectNode fields = Json.MAPPER.createObjectNode();
    Leaves data = null;
    Nesting nesting = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("data") && p.currentToken() != JsonToken.VALUE_NULL) {
        data = new Leaves();
        nesting = new Nesting("data");
        data.read(p, nesting, where);
      } else {
        fields.set(field, readTree(p));
      }
    }
    return new RawInput(null, fields, data, nesting);
  }

  private static JsonNode readTree(JsonParser p) throws IOException {
    JsonNode n = Json.MAPPER.readTree(p);
    return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
  }

  private static List<String> decodeRequestedOutputs(JsonNode node, ModelSignature model) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ApiException.badRequest(
          "'outputs' must be an array of {\"name\": ...} objects, got " + Json.describe(node));
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode o = node.get(i);
      JsonNode name = o.isObject() ? o.get("name") : null;
      if (name == null || !name.isTextual()) {
        throw ApiException.badRequest(
            "outputs[" + i + "] must be an object with a string 'name', got " + Json.describe(o));
      }
      requireObjectOrAbsent(o.get("parameters"), "outputs[" + i + "].parameters");
      if (model.output(name.asText()).isEmpty()) {
        throw ApiException.badRequest(
            "unknown output '"
                + name.asText()
                + "' requested; model outputs are "
                + model.outputNames());
      }
      names.add(name.asText());
    }
    return List.copyOf(names);
  }

  private static Tensor decodeInput(RawInput raw, int index, ModelSignature model) {
    String where = "inputs[" + index + "]";
    if (raw.notAnObject() != null) {
      throw ApiException.badRequest(
          where + " must be an object, got " + Json.describe(raw.notAnObject()));
    }
    JsonNode in = raw.fields();
    JsonNode nameNode = in.get("name");
    if (nameNode == null || !nameNode.isTextual()) {
      throw ApiException.badRequest(
          where + ".name must be a string, got " + Json.describe(nameNode));
    }
    String name = nameNode.asText();
    TensorSpec spec =
        model
            .input(name)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "unknown input '" + name + "'; model inputs are " + model.inputNames()));
    String label = "input '" + name + "'";
    JsonNode dtNode = in.get("datatype");
    if (dtNode == null || !dtNode.isTextual()) {
      throw ApiException.badRequest(
          label
              + ": 'datatype' must be a string such as \""
              + spec.datatype()
              + "\", got "
              + Json.describe(dtNode));
    }
    Datatype datatype =
        Datatype.parse(dtNode.asText())
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        label
                            + ": unsupported datatype '"
                            + dtNode.asText()
                            + "'; supported: "
                            + Datatype.SUPPORTED));
    if (datatype != spec.datatype()) {
      throw ApiException.badRequest(
          label + ": datatype " + datatype + " does not match the model's " + spec.datatype());
    }
    requireObjectOrAbsent(in.get("parameters"), label + ": 'parameters'");
    long[] shape = decodeShape(in.get("shape"), label);
    checkShape(shape, spec, label);
    Leaves leaves = raw.data();
    if (leaves == null) {
      throw ApiException.badRequest(label + ": 'data' is missing");
    }
    checkNesting(raw.nesting(), shape, label);
    long expected = Tensor.elementCount(shape);
    if (leaves.size() != expected) {
      throw ApiException.badRequest(
          label
              + ": shape "
              + Tensor.shapeText(shape)
              + " needs "
              + expected
              + " elements but 'data' has "
              + leaves.size());
    }
    return new Tensor(name, datatype, shape, convert(leaves, datatype, label));
  }

  private static long[] decodeShape(JsonNode node, String label) {
    if (node == null || !node.isArray()) {
      throw ApiException.badRequest(
          label + ": 'shape' must be an array of dimension sizes, got " + Json.describe(node));
    }
    long[] shape = new long[node.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = node.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 1) {
        throw ApiException.badRequest(
            label + ": shape[" + i + "] must be a positive integer, got " + Json.describe(d));
      }
      shape[i] = d.asLong();
    }
    try {
      if (Tensor.elementCount(shape) > MAX_ELEMENTS) {
        throw ApiException.badRequest(
            label + ": shape " + Tensor.shapeText(shape) + " is too large");
      }
    } catch (ArithmeticException e) {
      throw ApiException.badRequest(label + ": shape " + Tensor.shapeText(shape) + " is too large");
    }
    return shape;
  }

  /**
   * OIP v2 lets {@code data} be flat (row-major) or nested exactly as {@code shape}; any other
   * nesting (ragged, or a different split such as {@code [[1,2],[3,4],...]} for {@code [1, 10]}) is
   * refused rather than guessed at.
   */
  private static void checkNesting(Nesting nesting, long[] shape, String label) {
    if (nesting.problem() != null) {
      throw ApiException.badRequest(label + ": " + nesting.problem());
    }
    long[] nested = nesting.shape();
    if (nested.length > 1 && !java.util.Arrays.equals(nested, shape)) {
      throw ApiException.badRequest(
          label
              + ": 'data' is nested as "
              + Tensor.shapeText(nested)
              + " but 'shape' is "
              + Tensor.shapeText(shape)
              + "; give 'data' flat ("
              + Tensor.elementCount(shape)
              + " elements in row-major order) or nested as the shape");
    }
  }

  /** Checks rank and every fixed dimension against the model's declared shape. */
  static void checkShape(long[] shape, TensorSpec spec, String label) {
    long[] want = spec.shape();
    boolean ok = shape.length == want.length;
    for (int i = 0; ok && i < want.length; i++) {
      ok = want[i] < 0 || want[i] == shape[i];
    }
    if (!ok) {
      throw ApiException.badRequest(
          label
              + ": shape "
              + Tensor.shapeText(shape)
              + " does not match the model's "
              + spec.shapeText()
              + " (-1 is any size)");
    }
  }

  static Object convert(Leaves leaves, Datatype type, String label) {
    int n = leaves.size();
    switch (type) {
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          byte k = leaves.kind(i);
          if (k != Leaves.TRUE && k != Leaves.FALSE) {
            throw elementError(label, i, type, "true or false", leaves);
          }
          a[i] = k == Leaves.TRUE;
        }
        return a;
      }
      case INT8, UINT8, INT16, INT32, INT64 -> {
        long min = minOf(type);
        long max = maxOf(type);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
          long x = leaves.longValue(i);
          if (leaves.kind(i) != Leaves.INT || x < min || x > max) {
            throw elementError(label, i, type, "an integer in " + min + ".." + max, leaves);
          }
          values[i] = x;
        }
        return narrow(values, type);
      }
      case FP32, FP64 -> {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
          byte k = leaves.kind(i);
          if (k != Leaves.INT && k != Leaves.BIG_INT && k != Leaves.FLOAT) {
            throw elementError(
                label, i, type, "a number (NaN and Infinity are not accepted)", leaves);
          }
          double x = leaves.doubleValue(i);
          if (Double.isInfinite(x) || (type == Datatype.FP32 && Float.isInfinite((float) x))) {
            throw elementError(label, i, type, "a finite number in the range of " + type, leaves);
          }
          values[i] = x;
        }
        if (type == Datatype.FP64) {
          return values;
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) values[i];
        }
        return f;
      }
      case BYTES -> {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
          if (leaves.kind(i) != Leaves.STRING) {
            throw elementError(label, i, type, "a string", leaves);
          }
          a[i] = leaves.text(i);
        }
        return a;
      }
    }
    throw new IllegalStateException("unhandled datatype " + type);
  }

  private static Object narrow(long[] values, Datatype type) {
    int n = values.length;
    switch (type) {
      case INT8, UINT8 -> {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
          a[i] = (byte) values[i];
        }
        return a;
      }
      case INT16 -> {
        short[] a = new short[n];
        for (int i = 0; i < n; i++) {
          a[i] = (short) values[i];
        }
        return a;
      }
      case INT32 -> {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
          a[i] = (int) values[i];
        }
        return a;
      }
      default -> {
        return values;
      }
    }
  }

  private static long minOf(Datatype t) {
    return switch (t) {
      case INT8 -> Byte.MIN_VALUE;
      case UINT8 -> 0;
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
  }

  private static long maxOf(Datatype t) {
    return switch (t) {
      case INT8 -> Byte.MAX_VALUE;
      case UINT8 -> 255;
      case INT16 -> Short.MAX_VALUE;
      case INT32 -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }

  private static ApiException elementError(
      String label, int index, Datatype type, String expected, Leaves leaves) {
    return ApiException.badRequest(
        label
            + ": data element "
            + index
            + " ("
            + type
            + ") must be "
            + expected
            + ", got "
            + leaves.describe(index));
  }

  private static void requireObjectOrAbsent(JsonNode node, String what) {
    if (node != null && !node.isNull() && !node.isObject()) {
      throw ApiException.badRequest(what + " must be an object, got " + Json.describe(node));
    }
  }

  /**
   * Decodes {@code POST /v1/models/{m}:predict}: {@code {"instances": [row, ...]}} for a model with
   * exactly one input. Each row's nesting gives the shape of one batch item.
   */
  static InferenceRequest decodePredict(byte[] body, ModelSignature model, String modelName) {
    if (model.inputs().size() != 1) {
      throw ApiException.badRequest(
          "V1 predict needs a model with exactly one input; '"
              + modelName
              + "' has inputs "
              + model.inputNames()
              + "; use POST /v2/models/"
              + modelName
              + "/infer");
    }
    TensorSpec spec = model.inputs().get(0);
    JsonNode root = Json.parse(body);
    JsonNode instances = root.isObject() ? root.get("instances") : null;
    if (instances == null || !instances.isArray() || instances.isEmpty()) {
      throw ApiException.badRequest(
          "body must be {\"instances\": [...]} with at least one instance, got "
              + Json.describe(instances == null ? root : instances));
    }
    String label = "input '" + spec.name() + "'";
    Leaves leaves = new Leaves();
    Nesting nesting = new Nesting("instances");
    leaves.add(instances, nesting, label);
    if (nesting.problem() != null) {
      throw ApiException.badRequest(nesting.problem());
    }
    long[] shape = nesting.shape();
    checkShape(shape, spec, label);
    return new InferenceRequest(
        null,
        List.of(
            new Tensor(
                spec.name(), spec.datatype(), shape, convert(leaves, spec.datatype(), label))),
        List.of());
  }
}
