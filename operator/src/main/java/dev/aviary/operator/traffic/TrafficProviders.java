package dev.aviary.operator.traffic;

import java.util.List;
import java.util.Locale;

/** The traffic providers by name. */
public final class TrafficProviders {
  public static final List<String> NAMES = List.of("aviary", "gatewayApi", "istio", "replicas");

  private TrafficProviders() {}

  /**
   * The canonical name for a spelling used in the spec or on the command line (gatewayApi,
   * gateway-api), or null when unknown.
   */
  public static String normalise(String name) {
    if (name == null) {
      return null;
    }
    return switch (name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
      case "aviary" -> "aviary";
      case "gatewayapi" -> "gatewayApi";
      case "istio" -> "istio";
      case "replicas", "replicaratio" -> "replicas";
      default -> null;
    };
  }

  /** The provider named so; throws IllegalArgumentException when unknown. */
  public static TrafficProvider named(String name) {
    String n = normalise(name);
    if (n == null) {
      throw new IllegalArgumentException(
          "unknown traffic provider '" + name + "', expected one of " + NAMES);
    }
    return switch (n) {
      case "aviary" -> new AviaryGatewayTraffic();
      case "gatewayApi" -> new GatewayApiTraffic();
      case "istio" -> new IstioTraffic();
      default -> new ReplicaRatioTraffic();
    };
  }
}
