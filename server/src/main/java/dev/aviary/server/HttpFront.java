package dev.aviary.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge on the event loop: routes, reads bodies within the size limit, answers probes and
 * metadata, and hands inference to the worker pool.
 */
final class HttpFront implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  static final String SERVER_VERSION =
      HttpFront.class.getPackage().getImplementationVersion() == null
          ? "0.1.0-SNAPSHOT"
          : HttpFront.class.getPackage().getImplementationVersion();

  private final Vertx vertx;
  private final ServerConfig config;
  private final ServerState state;
  private final ServerMetrics metrics;
  private final InferenceService inference;
  private final FaultInjector faults;
  private final InferenceDispatch dispatch;
  private final PayloadLogger payloads;
  private final AtomicInteger pending = new AtomicInteger();

  HttpFront(
      Vertx vertx,
      ServerConfig config,
      ServerState state,
      ServerMetrics metrics,
      InferenceService inference,
      FaultInjector faults,
      InferenceDispatch dispatch,
      PayloadLogger payloads) {
    this.vertx = vertx;
    this.config = config;
    this.state = state;
    this.metrics = metrics;
    this.inference = inference;
    this.faults = faults;
    this.dispatch = dispatch;
    this.payloads = payloads;
  }

  /** Inference requests accepted and not yet answered. */
  int pending() {
    return pending.get();
  }

  @Override
  public void handle(HttpServerRequest request) {
    Exchange ex = new Exchange(request, metrics);
    try {
      Route route = Routes.match(request.method().name(), request.path());
      ex.route(route);
      dispatch(ex, route);
    } catch (ApiException e) {
      ex.error(e);
    } catch (Throwable t) {
      ex.internalError(t);
    }
  }

  private void dispatch(Exchange ex, Route route) {
    if (route instanceof Route.Liveness) {
      ex.json(200, "{\"live\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } else if (route instanceof Route.Readiness) {
      readiness(ex);
    } else if (route instanceof Route.Metrics) {
      vertx
          .executeBlocking(metrics::scrape, false)
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  ex.text(200, "text/plain; version=0.0.4; charset=utf-8", ar.result());
                } else {
                  ex.internalError(ar.cause());
                }
              });
    } else if (route instanceof Route.ServerMetadata) {
      ObjectNode n = Json.MAPPER.createObjectNode();
      n.put("name", "aviary");
      n.put("version", SERVER_VERSION);
      n.putArray("extensions");
      ex.json(200, n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } else if (route instanceof Route.ModelMetadata m) {
      ModelEntry e = state.registry().resolve(m.model(), m.version());
      ex.model(e);
      ex.json(200, ModelViews.metadata(e, state.registry().versions(e.name())));
    } else if (route instanceof Route.ModelReady m) {
      ModelEntry e = state.registry().resolve(m.model(), m.version());
      ex.model(e);
      ex.json(e.ready() ? 200 : 503, ModelViews.ready(e));
    } else if (route instanceof Route.Infer m) {
      ModelEntry e = state.registry().resolve(m.model(), m.version());
      ex.model(e);
      readBody(ex, body -> infer(ex, e, body, false));
    } else if (route instanceof Route.Predict m) {
      ModelEntry e = state.registry().resolve(m.model(), m.version());
      ex.model(e);
      readBody(ex, body -> infer(ex, e, body, true));
    } else if (route instanceof Route.Monitor m) {
      ModelEntry e = state.registry().resolve(m.model(), m.version());
      ex.model(e);
      ex.json(200, requireMonitor().describe(e).toString().getBytes(StandardCharsets.UTF_8));
    } else if (route instanceof Route.Feedback m) {
      ModelEntry e = state.registry().resolve(m.model(), m.version());
      ex.model(e);
      LiveMonitor monitor = requireMonitor();
      readBody(ex, body -> feedback(ex, monitor, e, body));
    } else if (route instanceof Route.MethodNotAllowed m) {
      ex.methodNotAllowed(m.allow());
    } else {
      ex.error(ApiException.notFound("no endpoint at " + ex.path()));
    }
  }

  private void feedback(Exchange ex, LiveMonitor monitor, ModelEntry e, byte[] body) {
    io.vertx.core.Context context = vertx.getOrCreateContext();
    monitor
        .feedback(e, FeedbackRequest.decode(body))
        .whenComplete(
            (n, t) ->
                context.runOnContext(
                    v -> {
                      if (t == null) {
                        ex.json(200, n.toString().getBytes(StandardCharsets.UTF_8));
                      } else if (unwrap(t) instanceof ApiException a) {
                        ex.error(a);
                      } else {
                        ex.internalError(t);
                      }
                    }));
  }

  private LiveMonitor requireMonitor() {
    LiveMonitor m = inference.monitor();
    if (m == null) {
      throw ApiException.notFound(
          "live monitoring is off: start the server with --baseline FILE to turn it on");
    }
    return m;
  }

  private void readiness(Exchange ex) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    boolean ready = state.ready();
    n.put("ready", ready);
    n.put("draining", state.draining());
    ArrayNode models = n.putArray("models");
    for (ModelEntry e : state.registry().entries()) {
      ObjectNode m = models.addObject();
      m.put("name", e.name());
      m.put("version", e.version());
      m.put("state", e.stateName());
      if (e.state() instanceof ModelEntry.State.Failed f) {
        m.put("reason", f.reason());
      }
    }
    if (!state.registry().problems().isEmpty()) {
      ArrayNode p = n.putArray("problems");
      state.registry().problems().forEach(p::add);
    }
    ex.json(ready ? 200 : 503, n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Reads the whole body unless it exceeds the limit, which is answered 413. */
  private void readBody(Exchange ex, Handler<byte[]> then) {
    HttpServerRequest req = ex.request();
    long limit = config.maxRequestBytes();
    boolean expectContinue = "100-continue".equalsIgnoreCase(req.getHeader("Expect"));
    String declared = req.getHeader("Content-Length");
    if (declared != null) {
      long n;
      try {
        n = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n > limit) {
        ex.tooLarge(limit, vertx, expectContinue);
        return;
      }
    }
    if (expectContinue) {
      req.response().writeContinue();
    }
    Buffer body = Buffer.buffer();
    req.handler(
        chunk -> {
          if (body.length() + chunk.length() > limit) {
            ex.tooLarge(limit, vertx, false);
            return;
          }
          body.appendBuffer(chunk);
        });
    req.exceptionHandler(t -> LOG.debug("request body aborted: {}", t.toString()));
    req.endHandler(
        v -> {
          if (ex.finished()) {
            return;
          }
          try {
            then.handle(body.getBytes());
          } catch (ApiException e) {
            ex.error(e);
          } catch (Throwable t) {
            ex.internalError(t);
          }
        });
  }

  private void infer(Exchange ex, ModelEntry entry, byte[] body, boolean v1) {
    LoadedModel model;
    try {
      model = entry.requireReady();
    } catch (ApiException e) {
      metrics.inference(entry.name(), entry.version(), "unavailable", ex.elapsedNanos());
      ex.error(e);
      return;
    }
    boolean sampled = payloads != null && payloads.sample();
    if (pending.incrementAndGet() > config.maxQueuedRequests()) {
      pending.decrementAndGet();
      metrics.inference(entry.name(), entry.version(), "unavailable", ex.elapsedNanos());
      ex.request().response().putHeader("Retry-After", "1");
      ex.error(
          ApiException.unavailable(
              "server is overloaded: more than "
                  + config.maxQueuedRequests()
                  + " inference requests are waiting; retry later"));
      logPayload(sampled, ex, entry, model, body, v1, "unavailable");
      return;
    }
    delay()
        .compose(
            v -> {
              if (faults.shouldFail()) {
                return Future.failedFuture(new InjectedFault());
              }
              return dispatch.run(
                  model,
                  inference.batches(entry),
                  body.length,
                  () ->
                      v1
                          ? inference.predict(entry, model, body)
                          : inference.infer(entry, model, body));
            })
        .onComplete(
            ar -> {
              pending.decrementAndGet();
              long nanos = ex.elapsedNanos();
              Throwable cause = unwrap(ar.cause());
              String outcome =
                  ar.succeeded()
                      ? "success"
                      : cause instanceof ApiException e
                          ? (e.status() == 503 ? "unavailable" : "client_error")
                          : "server_error";
              metrics.inference(entry.name(), entry.version(), outcome, nanos);
              if (ar.succeeded()) {
                ex.json(200, ar.result());
              } else if (cause instanceof ApiException e) {
                ex.error(e);
              } else if (cause instanceof InjectedFault) {
                try (var scope = ex.mdc()) {
                  LOG.warn("answering 500 on purpose (--fault-error-rate)");
                }
                ex.json(
                    500,
                    ResponseEncoder.error(
                        "injected fault (--fault-error-rate); trace id " + ex.traceId(),
                        ex.traceId()));
              } else {
                ex.internalError(cause);
              }
              logPayload(sampled, ex, entry, model, body, v1, outcome);
            });
  }

  /** Logs a sampled inference with the reply it got, whether it succeeded or not. */
  private void logPayload(
      boolean sampled,
      Exchange ex,
      ModelEntry entry,
      LoadedModel model,
      byte[] body,
      boolean v1,
      String outcome) {
    Exchange.Reply reply = ex.reply();
    if (!sampled || reply == null) {
      return;
    }
    payloads.log(
        new PayloadLogger.Inference(
            ex.traceId(),
            entry.name(),
            entry.version(),
            v1 ? Redaction.Unnamed.v1(model.signature()) : Redaction.Unnamed.NONE,
            () -> Json.treeOrText(body),
            () -> Json.treeOrText(reply.body().getBytes()),
            outcome,
            Integer.toString(reply.status())));
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private Future<Void> delay() {
    long ms = faults.latency().toMillis();
    if (ms <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    vertx.setTimer(ms, id -> p.complete());
    return p.future();
  }

  private static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault() {
      super("injected fault", null, false, false);
    }
  }
}
