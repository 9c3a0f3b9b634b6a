package dev.aviary.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One HTTP request in flight: its trace id, route, model, and the single reply it gets. */
final class Exchange {
  static final String TRACE_HEADER = "X-Trace-Id";
  private static final long LINGER_MS = 2000;
  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

  private final HttpServerRequest request;
  private final String traceId;
  private final long startNanos = System.nanoTime();
  private final ServerMetrics metrics;
  private final AtomicBoolean finished = new AtomicBoolean();
  private Route route = new Route.NotFound();
  private ModelEntry model;
  private volatile Reply reply;

  /** What the server answered (or would have, had the client not gone away). */
  record Reply(int status, Buffer body) {}

  Exchange(HttpServerRequest request, ServerMetrics metrics) {
    this.request = request;
    this.metrics = metrics;
    this.traceId = TraceContext.traceId(request.getHeader("traceparent"));
    metrics.inFlight().incrementAndGet();
    // A client that goes away before the reply must not leave the in-flight gauge raised.
    request.response().closeHandler(v -> finish(499));
  }

  HttpServerRequest request() {
    return request;
  }

  String traceId() {
    return traceId;
  }

  String method() {
    return request.method().name();
  }

  String path() {
    return request.path();
  }

  Route route() {
    return route;
  }

  void route(Route r) {
    route = r;
  }

  ModelEntry model() {
    return model;
  }

  void model(ModelEntry e) {
    model = e;
  }

  long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }

  boolean finished() {
    return finished.get();
  }

  /** The reply given, or null before there is one. */
  Reply reply() {
    return reply;
  }

  /** Puts the trace and model fields in the logging context until closed. */
  MdcScope mdc() {
    MDC.put("trace.id", traceId);
    if (model != null) {
      MDC.put("model.name", model.name());
      MDC.put("model.version", model.version());
    }
    return MDC::clear;
  }

  interface MdcScope extends AutoCloseable {
    @Override
    void close();
  }

  void json(int status, byte[] body) {
    send(status, "application/json", Buffer.buffer(body), false);
  }

  void text(int status, String contentType, String body) {
    send(status, contentType, Buffer.buffer(body), false);
  }

  void error(ApiException e) {
    json(e.status(), ResponseEncoder.error(e.getMessage(), traceId));
  }

  void methodNotAllowed(String allow) {
    request.response().putHeader("Allow", allow);
    json(
        405,
        ResponseEncoder.error(
            "method " + method() + " is not allowed on " + path() + "; use " + allow, traceId));
  }

  /**
   * Answers 413 for a body over the limit. Unless the client is still waiting for "100 Continue",
   * the rest of the body is read and discarded first (for at most {@link #LINGER_MS}): most clients
   * read the answer only after sending, and closing under them would lose it.
   */
  void tooLarge(long limit, io.vertx.core.Vertx vertx, boolean clientWaitingToSend) {
    // HTTP/2 streams end on their own; closing would cut every other stream on the connection.
    boolean http1 = request.version() != io.vertx.core.http.HttpVersion.HTTP_2;
    Runnable reject =
        () -> {
          if (http1) {
            request.response().putHeader("Connection", "close");
          }
          send(
              413,
              "application/json",
              Buffer.buffer(
                  ResponseEncoder.error(
                      "request body is larger than the limit of "
                          + limit
                          + " bytes (--max-request-bytes)",
                      traceId)),
              http1);
        };
    if (clientWaitingToSend || !http1) {
      request.handler(chunk -> {});
      reject.run();
      return;
    }
    request.handler(chunk -> {});
    long timer = vertx.setTimer(LINGER_MS, id -> reject.run());
    request.endHandler(
        v -> {
          vertx.cancelTimer(timer);
          reject.run();
        });
  }

  /**
   * A real fault: logged with its stack trace and trace id, answered 500 with the trace id. A model
   * that fails inside ONNX Runtime on an input matching its declared signature is such a fault (it
   * counts as a server error, so rollout analysis sees a broken model version).
   */
  void internalError(Throwable t) {
    try (var scope = mdc()) {
      LOG.error("internal error handling {} {}", method(), path(), t);
    }
    String message =
        t instanceof ai.onnxruntime.OrtException
            ? "the model failed to run: " + t.getMessage()
            : "internal server error";
    json(500, ResponseEncoder.error(message + " (trace id " + traceId + ")", traceId));
  }

  private void send(int status, String contentType, Buffer body, boolean closeAfter) {
    reply = new Reply(status, body);
    HttpServerResponse response = request.response();
    if (finished.get() || response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("Content-Type", contentType)
        .putHeader(TRACE_HEADER, traceId);
    response
        .end(body)
        .onComplete(
            ar -> {
              if (closeAfter) {
                request.connection().close();
              }
            });
    finish(status);
  }

  private void finish(int status) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    metrics.inFlight().decrementAndGet();
    long nanos = elapsedNanos();
    metrics.httpRequest(route.template(), method(), status, nanos);
    AccessLog.log(this, status, nanos);
  }
}
