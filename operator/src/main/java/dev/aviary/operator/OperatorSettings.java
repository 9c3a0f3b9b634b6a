package dev.aviary.operator;

import java.time.Duration;

/**
 * Cluster-wide choices of the operator.
 *
 * @param serverImage image with the aviary command; runs {@code aviary serve} and the gateway
 * @param fetchImage image of the init container that downloads http(s) model URIs (needs wget)
 * @param prometheusUrl default Prometheus base URL for metrics that name none (may be null)
 * @param defaultTraffic traffic provider when the spec names none (blue/green, or no routing)
 * @param gatewayParent Gateway API parent Gateway as {@code [namespace/]name}
 * @param measurementTimeout a metric query that takes longer is an Error measurement
 */
public record OperatorSettings(
    String serverImage,
    String fetchImage,
    String prometheusUrl,
    String defaultTraffic,
    String gatewayParent,
    Duration measurementTimeout) {

  public static final String DEFAULT_IMAGE = "aviary:0.1.0";

  public static OperatorSettings defaults() {
    return new OperatorSettings(
        DEFAULT_IMAGE, "busybox:1.37", null, "aviary", "aviary-gateway", Duration.ofSeconds(10));
  }

  public OperatorSettings withPrometheusUrl(String url) {
    return new OperatorSettings(
        serverImage, fetchImage, url, defaultTraffic, gatewayParent, measurementTimeout);
  }

  public OperatorSettings withServerImage(String image) {
    return new OperatorSettings(
        image, fetchImage, prometheusUrl, defaultTraffic, gatewayParent, measurementTimeout);
  }

  public OperatorSettings withDefaultTraffic(String traffic) {
    return new OperatorSettings(
        serverImage, fetchImage, prometheusUrl, traffic, gatewayParent, measurementTimeout);
  }

  public OperatorSettings withGatewayParent(String parent) {
    return new OperatorSettings(
        serverImage, fetchImage, prometheusUrl, defaultTraffic, parent, measurementTimeout);
  }
}
