package dev.aviary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.spec.condition.Value;

/**
 * A measured value as the store keeps it: a JSON array of numbers, with {@code "NaN"} and {@code
 * "Infinity"} as strings since JSON has no literal for them.
 */
final class StoredValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredValues() {}

  static String json(Value value) {
    if (value == null) {
      return null;
    }
    double[] values =
        value instanceof Value.Vector v
            ? v.values()
            : new double[] {((Value.Scalar) value).value()};
    ArrayNode out = JSON.createArrayNode();
    for (double x : values) {
      if (Double.isFinite(x)) {
        out.add(x);
      } else {
        out.add(Double.toString(x));
      }
    }
    return out.toString();
  }

  /**
   * @throws IllegalArgumentException when {@code json} is not such an array
   */
  static Value read(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(json);
      if (!n.isArray()) {
        throw new IllegalArgumentException("expected an array of numbers: " + json);
      }
      double[] xs = new double[n.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = n.get(i).isNumber() ? n.get(i).asDouble() : Double.parseDouble(n.get(i).asText());
      }
      return xs.length == 1 ? Value.of(xs[0]) : Value.of(xs);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NumberFormatException e) {
      throw new IllegalArgumentException("not a stored value: " + json, e);
    }
  }

  static Store.StoredMeasurement stored(
      MeasurementResult r, String deployment, String metric, String revisionId) {
    return new Store.StoredMeasurement(
        r.queryId(),
        deployment,
        metric,
        revisionId,
        r.at(),
        json(r.value()),
        json(r.baseline()),
        r.sampleSize(),
        r.error());
  }

  /**
   * @throws IllegalArgumentException when a stored value does not read
   */
  static MeasurementResult result(Store.StoredMeasurement m) {
    return new MeasurementResult(
        m.queryId(), m.at(), read(m.value()), read(m.baseline()), m.sampleSize(), m.error());
  }
}
