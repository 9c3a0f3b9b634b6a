package dev.aviary.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One load test, first for {@code warmup}, then for the measured {@code duration}. Without a rate,
 * {@code concurrency} connections each send the next request as soon as the previous one completes
 * (a closed loop); with a rate, requests go out on a fixed schedule of {@code rate} per second
 * whatever the server does (an open loop), over at most {@code concurrency} connections, which
 * bound the requests outstanding.
 *
 * @param url absolute http URL
 * @param body request body; {@code null} sends a GET without a body
 * @param headers extra request headers (a body is sent with {@code Content-Type} from here)
 * @param requestTimeout a request with no response data for this long counts as a timeout
 * @param grpcModel when set, each request is an OIP gRPC {@code ModelInfer} call for this model
 *     (the body, an OIP REST request, is sent as its protobuf equivalent); null for HTTP
 * @param grpcStreamsPerConnection gRPC calls multiplexed on one HTTP/2 connection at most
 * @param rate requests per second of the open loop; 0 for a closed loop
 */
record LoadOptions(
    URI url,
    byte[] body,
    Map<String, String> headers,
    int concurrency,
    Duration warmup,
    Duration duration,
    Duration requestTimeout,
    String grpcModel,
    int grpcStreamsPerConnection,
    double rate) {

  static final int DEFAULT_GRPC_STREAMS_PER_CONNECTION = 50;

  LoadOptions(
      URI url,
      byte[] body,
      Map<String, String> headers,
      int concurrency,
      Duration warmup,
      Duration duration,
      Duration requestTimeout,
      String grpcModel) {
    this(
        url,
        body,
        headers,
        concurrency,
        warmup,
        duration,
        requestTimeout,
        grpcModel,
        DEFAULT_GRPC_STREAMS_PER_CONNECTION,
        0);
  }

  LoadOptions(
      URI url,
      byte[] body,
      Map<String, String> headers,
      int concurrency,
      Duration warmup,
      Duration duration,
      Duration requestTimeout) {
    this(
        url,
        body,
        headers,
        concurrency,
        warmup,
        duration,
        requestTimeout,
        null,
        DEFAULT_GRPC_STREAMS_PER_CONNECTION,
        0);
  }

  LoadOptions {
    if (url == null || !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("url must be an absolute http:// URL, was " + url);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must not be negative, was " + warmup);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be > 0, was " + duration);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be > 0, was " + requestTimeout);
    }
    if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be > 0 requests/s, was " + rate);
    }
    headers = Map.copyOf(headers);
    body = body == null ? null : body.clone();
    if (grpcStreamsPerConnection < 1) {
      throw new IllegalArgumentException(
          "gRPC streams per connection must be >= 1, was " + grpcStreamsPerConnection);
    }
    if (grpcModel != null && body == null) {
      throw new IllegalArgumentException("the gRPC mode needs a --body (an OIP infer request)");
    }
  }

  boolean openLoop() {
    return rate > 0;
  }

  String method() {
    if (grpcModel != null) {
      return "gRPC ModelInfer";
    }
    return body == null ? "GET" : "POST";
  }
}
