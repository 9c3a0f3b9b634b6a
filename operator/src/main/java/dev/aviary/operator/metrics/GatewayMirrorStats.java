package dev.aviary.operator.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.analysis.Fleet.MirrorComparison;
import dev.aviary.analysis.MeasurementException;
import dev.aviary.analysis.MetricSource;
import java.util.Optional;

/** Reads the shadow traffic comparison of one (primary, mirror) pair from a gateway's /stats. */
final class GatewayMirrorStats {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayMirrorStats() {}

  /**
   * The pair from {@code primary} to the target's revision in the route named after the deployment;
   * empty when the document does not list it.
   */
  static Optional<MirrorComparison> parse(
      String url, String body, MetricSource.Target target, String primary)
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
          && primary.equals(m.path("revision").asText())
          && target.revisionId().equals(m.path("mirror").asText())) {
        long rows = m.path("labelRows").asLong(0);
        JsonNode agreement = m.path("labelAgreement");
        double agreeing = agreement.isNumber() ? agreement.asDouble() * rows : 0;
        return Optional.of(new MirrorComparison(rows, agreeing));
      }
    }
    return Optional.empty();
  }
}
