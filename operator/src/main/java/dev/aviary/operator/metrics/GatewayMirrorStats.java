package dev.aviary.operator.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The shadow traffic comparison of one (primary, mirror) pair read from Aviary gateway {@code
 * /stats} documents: rows whose labels were compared and rows that agreed, added over gateway
 * replicas.
 *
 * @param seen whether any document listed the pair
 */
record GatewayMirrorStats(boolean seen, long labelRows, double agreeingRows) {
  static final GatewayMirrorStats NONE = new GatewayMirrorStats(false, 0, 0);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The pair from {@code reference} to the target's revision in the route named after the
   * deployment; {@link #NONE} when the document does not list it.
   */
  static GatewayMirrorStats parse(
      String url, String body, MetricSource.Target target, String reference)
      throws MeasurementException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MeasurementException(url + " is not a gateway /stats document: not JSON");
    }
    JsonNode mirrors = root == null ? null : root.get("mirrors");
    if (mirrors == null || !mirrors.isArray()) {
      throw new MeasurementException(url + " is not a gateway /stats document: no mirrors array");
    }
    for (JsonNode m : mirrors) {
      if (target.deployment().equals(m.path("route").asText())
          && reference.equals(m.path("revision").asText())
          && target.revisionId().equals(m.path("mirror").asText())) {
        long rows = m.path("labelRows").asLong(0);
        JsonNode agreement = m.path("labelAgreement");
        double agreeing = agreement.isNumber() ? agreement.asDouble() * rows : 0;
        return new GatewayMirrorStats(true, rows, agreeing);
      }
    }
    return NONE;
  }

  GatewayMirrorStats plus(GatewayMirrorStats other) {
    return new GatewayMirrorStats(
        seen || other.seen, labelRows + other.labelRows, agreeingRows + other.agreeingRows);
  }

  /** Share of compared rows whose labels differed; NaN when nothing was compared. */
  double mismatchRate() {
    return labelRows == 0 ? Double.NaN : Math.max(0, 1 - agreeingRows / labelRows);
  }
}
