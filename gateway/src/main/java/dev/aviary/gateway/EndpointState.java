package dev.aviary.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/** Live state of one upstream address, shared by every routing table that names it. */
final class EndpointState {
  final String host;
  final int port;
  final AtomicInteger outstanding = new AtomicInteger();
  final OutlierDetector outlier = new OutlierDetector();

  /** The Host header line sent to this endpoint. */
  final byte[] hostLine;

  EndpointState(String host, int port) {
    this.host = host;
    this.port = port;
    String authority = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    this.hostLine = Ascii.bytes("host: " + authority + "\r\n");
  }

  String address() {
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return address();
  }
}
