package dev.aviary.local;

import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Problem;
import dev.aviary.spec.Strategy;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedded platform routes every deployment through its own gateway, the provider the operator
 * calls {@code aviary}. A spec that asks for another provider (gatewayApi, istio, replicas) would
 * be served differently from what it says, so it is refused at apply instead.
 */
final class EmbeddedTraffic {
  static final String PROVIDER = "aviary";
  static final String PATH = "spec.strategy.canary.trafficRouting.provider";

  private EmbeddedTraffic() {}

  /** The problem with the spec's traffic provider, if the embedded gateway cannot honour it. */
  static Optional<Problem> problem(ModelDeployment d) {
    if (!(d.spec().strategy() instanceof Strategy.Canary c)
        || c.trafficRouting() == null
        || c.trafficRouting().provider() == null) {
      return Optional.empty();
    }
    String provider = c.trafficRouting().provider();
    // The same spellings the operator accepts for its gateway provider (Aviary, AVIARY).
    if (provider.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").equals(PROVIDER)) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            PATH,
            "the embedded platform routes traffic with its own gateway only: must be '"
                + PROVIDER
                + "' (or left out), got '"
                + provider
                + "'; gatewayApi, istio and replicas need the Kubernetes operator"));
  }
}
