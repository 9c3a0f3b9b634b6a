/**
 * The Aviary traffic gateway.
 *
 * <p>Public API: {@link dev.aviary.gateway.Gateway} (start, {@code apply}, {@code stats}, stop),
 * the configuration records {@link dev.aviary.gateway.GatewayConfig} with {@link
 * dev.aviary.gateway.ConfigCodec} (YAML/JSON) and {@link dev.aviary.gateway.ConfigValidator},
 * {@link dev.aviary.gateway.GatewayOptions} and {@link dev.aviary.gateway.GatewayStats}. Everything
 * else is package-private: pure decision classes (smooth weighted round-robin, sticky rendezvous
 * hashing, outlier detection, prediction comparison, sliding windows), the HTTP/1.1 reader ({@code
 * Http1Reader}), and the edges that use them: the data path on Netty ({@code ProxyServer}, {@code
 * ClientConnection}, {@code Exchange}, {@code UpstreamPool}) and the admin server on Vert.x.
 */
package dev.aviary.gateway;
