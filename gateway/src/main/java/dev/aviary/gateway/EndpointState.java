package dev.aviary.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/** Live state of one upstream address, shared by every routing table that names it. */
final class EndpointState {
  final String host;
  final int port;
  final AtomicInteger outstanding = new AtomicInteger();
  final OutlierDetector outlier = new OutlierDetector();

  EndpointState(String host, int port) {
    this.host = host;
    this.port = port;
  }

  String address() {
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return address();
  }
}
