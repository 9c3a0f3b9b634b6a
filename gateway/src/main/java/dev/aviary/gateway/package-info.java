/**
 * The Aviary traffic gateway.
 *
 * <p>Public API: {@link dev.aviary.gateway.Gateway} (start, {@code apply}, {@code stats}, stop),
 * the configuration records {@link dev.aviary.gateway.GatewayConfig} with {@link
 * dev.aviary.gateway.ConfigCodec} (YAML/JSON) and {@link dev.aviary.gateway.ConfigValidator},
 * {@link dev.aviary.gateway.GatewayOptions} and {@link dev.aviary.gateway.GatewayStats}. Everything
 * else is package-private: pure decision classes (smooth weighted round-robin, sticky rendezvous
 * hashing, outlier detection, prediction comparison, sliding windows) and the Vert.x edges that use
 * them (proxy handler, admin server).
 */
package dev.aviary.gateway;
