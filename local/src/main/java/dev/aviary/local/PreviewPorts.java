package dev.aviary.local;

import dev.aviary.gateway.Gateway;
import dev.aviary.gateway.GatewayConfig;
import dev.aviary.gateway.GatewayOptions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extra gateway ports that serve only a blue/green preview revision ({@code previewAccess.port}):
 * one small gateway per port, started when a preview needs it and stopped when the preview ends.
 */
final class PreviewPorts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PreviewPorts.class);

  private final String host;
  private final Map<Integer, Gateway> running = new HashMap<>();
  private final Set<Integer> failed = new HashSet<>();

  PreviewPorts(String host) {
    this.host = host;
  }

  /** Makes the running preview gateways match {@code wanted} (port → the route to serve). */
  void realise(Map<Integer, GatewayConfig.Route> wanted) {
    for (Integer port : Set.copyOf(running.keySet())) {
      if (!wanted.containsKey(port)) {
        running.remove(port).close();
        LOG.info("preview port {} closed", port);
      }
    }
    failed.retainAll(wanted.keySet());
    for (Map.Entry<Integer, GatewayConfig.Route> e : wanted.entrySet()) {
      GatewayConfig config = new GatewayConfig(List.of(e.getValue()), null);
      Gateway g = running.get(e.getKey());
      try {
        if (g == null) {
          if (failed.contains(e.getKey())) {
            continue; // reported once; retried when the preview changes
          }
          running.put(
              e.getKey(),
              Gateway.start(
                  config,
                  GatewayOptions.defaults()
                      .withHost(host)
                      .withPorts(e.getKey(), -1)
                      .withEventLoops(1)));
          LOG.info("preview port {} open", e.getKey());
        } else if (!g.config().equals(config)) {
          g.apply(config);
        }
      } catch (RuntimeException ex) {
        failed.add(e.getKey());
        LOG.error("cannot open preview port {}: {}", e.getKey(), ex.getMessage());
      }
    }
  }

  @Override
  public void close() {
    running.values().forEach(Gateway::close);
    running.clear();
  }
}
