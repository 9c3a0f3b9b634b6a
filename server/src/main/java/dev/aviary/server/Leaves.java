package dev.aviary.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The scalar values of a tensor's {@code data}, flattened in row-major order and kept compactly (no
 * JSON tree) until the datatype is known: in a JSON object {@code data} may come before {@code
 * datatype}.
 */
final class Leaves {
  static final byte INT = 0;
  static final byte BIG_INT = 1;
  static final byte FLOAT = 2;
  static final byte TRUE = 3;
  static final byte FALSE = 4;
  static final byte STRING = 5;
  static final byte NULL = 6;
  static final byte OBJECT = 7;

  private byte[] kinds = new byte[16];
  private long[] values = new long[16];
  private String[] texts;
  private int size;

  int size() {
    return size;
  }

  byte kind(int i) {
    return kinds[i];
  }

  long longValue(int i) {
    return values[i];
  }

  double doubleValue(int i) {
    return switch (kinds[i]) {
      case INT -> (double) values[i];
      case FLOAT -> Double.longBitsToDouble(values[i]);
      case BIG_INT -> new BigInteger(texts[i]).doubleValue();
      default -> Double.NaN;
    };
  }

  String text(int i) {
    return texts[i];
  }

  /** How element {@code i} reads in an error message, e.g. {@code string "NaN"}. */
  String describe(int i) {
    return switch (kinds[i]) {
      case INT -> "number " + values[i];
      case BIG_INT -> "number " + texts[i];
      case FLOAT -> "number " + Double.longBitsToDouble(values[i]);
      case TRUE -> "boolean true";
      case FALSE -> "boolean false";
      case STRING -> {
        String quoted = Json.quote(texts[i]);
        yield "string " + (quoted.length() > 40 ? quoted.substring(0, 40) + "..." : quoted);
      }
      case NULL -> "null null";
      default -> "an object";
    };
  }

  /**
   * Reads the value at the parser's current token, flattening nested arrays, whose shape {@code
   * nesting} learns.
   */
  void read(JsonParser p, Nesting nesting, String label) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_ARRAY) {
      nesting.startArray();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        read(p, nesting, label);
      }
      nesting.endArray();
      return;
    }
    nesting.value();
    switch (t) {
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          add(BIG_INT, 0, p.getText(), label);
        } else {
          add(INT, p.getLongValue(), null, label);
        }
      }
      case VALUE_NUMBER_FLOAT ->
          add(FLOAT, Double.doubleToRawLongBits(p.getDoubleValue()), null, label);
      case VALUE_TRUE -> add(TRUE, 0, null, label);
      case VALUE_FALSE -> add(FALSE, 0, null, label);
      case VALUE_STRING -> add(STRING, 0, p.getText(), label);
      case VALUE_NULL -> add(NULL, 0, null, label);
      default -> {
        p.skipChildren();
        add(OBJECT, 0, null, label);
      }
    }
  }

  /**
   * Adds the scalars of a JSON tree, flattening nested arrays, whose shape {@code nesting} learns
   * (the V1 predict path).
   */
  void add(JsonNode n, Nesting nesting, String label) {
    if (n.isArray()) {
      nesting.startArray();
      for (JsonNode c : n) {
        add(c, nesting, label);
      }
      nesting.endArray();
      return;
    }
    nesting.value();
    if (n.isIntegralNumber()) {
      if (n.canConvertToLong()) {
        add(INT, n.longValue(), null, label);
      } else {
        add(BIG_INT, 0, n.asText(), label);
      }
    } else if (n.isNumber()) {
      add(FLOAT, Double.doubleToRawLongBits(n.doubleValue()), null, label);
    } else if (n.isBoolean()) {
      add(n.booleanValue() ? TRUE : FALSE, 0, null, label);
    } else if (n.isTextual()) {
      add(STRING, 0, n.textValue(), label);
    } else if (n.isNull()) {
      add(NULL, 0, null, label);
    } else {
      add(OBJECT, 0, null, label);
    }
  }

  private void add(byte kind, long value, String text, String label) {
    if (size == kinds.length) {
      if (size >= RequestDecoder.MAX_ELEMENTS) {
        throw ApiException.badRequest(label + ": 'data' has too many elements");
      }
      int n = size * 2;
      kinds = Arrays.copyOf(kinds, n);
      values = Arrays.copyOf(values, n);
      if (texts != null) {
        texts = Arrays.copyOf(texts, n);
      }
    }
    if (text != null) {
      if (texts == null) {
        texts = new String[kinds.length];
      }
      texts[size] = text;
    }
    kinds[size] = kind;
    values[size] = value;
    size++;
  }
}
