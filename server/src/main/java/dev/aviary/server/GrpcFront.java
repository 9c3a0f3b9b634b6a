package dev.aviary.server;

import com.google.protobuf.MessageLite;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.aviary.server.grpc.ModelInferRequest;
import dev.aviary.server.grpc.ModelInferResponse;
import dev.aviary.server.grpc.ModelMetadataRequest;
import dev.aviary.server.grpc.ModelMetadataResponse;
import dev.aviary.server.grpc.ModelReadyRequest;
import dev.aviary.server.grpc.ModelReadyResponse;
import dev.aviary.server.grpc.ServerLiveRequest;
import dev.aviary.server.grpc.ServerLiveResponse;
import dev.aviary.server.grpc.ServerMetadataRequest;
import dev.aviary.server.grpc.ServerMetadataResponse;
import dev.aviary.server.grpc.ServerReadyRequest;
import dev.aviary.server.grpc.ServerReadyResponse;
import dev.aviary.server.grpc.health.HealthCheckRequest;
import dev.aviary.server.grpc.health.HealthCheckResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}) and the standard
 * health service ({@code grpc.health.v1.Health}, Check and Watch), sharing the registry, the
 * inference path and the metrics with the REST front. Errors map to gRPC status codes the way REST
 * maps them to HTTP statuses: 400 → INVALID_ARGUMENT, 404 → NOT_FOUND, 503 → UNAVAILABLE, 500 →
 * INTERNAL.
 */
final class GrpcFront {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcFront.class);
  static final ServiceName OIP = ServiceName.create("inference", "GRPCInferenceService");
  static final ServiceName HEALTH = ServiceName.create("grpc.health.v1", "Health");

  private final Vertx vertx;
  private final ServerConfig config;
  private final ServerState state;
  private final ServerMetrics metrics;
  private final InferenceService inference;
  private final InferenceDispatch dispatch;
  private final PayloadLogger payloads;
  private final AtomicInteger pending = new AtomicInteger();
  private final HealthWatch watch;

  GrpcFront(
      Vertx vertx,
      ServerConfig config,
      ServerState state,
      ServerMetrics metrics,
      InferenceService inference,
      InferenceDispatch dispatch,
      PayloadLogger payloads) {
    this.vertx = vertx;
    this.config = config;
    this.state = state;
    this.metrics = metrics;
    this.inference = inference;
    this.dispatch = dispatch;
    this.payloads = payloads;
    this.watch = new HealthWatch(state);
  }

  /** Ends the health Watch streams; called when the server shuts down. */
  void closeWatches() {
    watch.close();
  }

  /** Inference calls accepted and not yet answered. */
  int pending() {
    return pending.get();
  }

  GrpcServer server() {
    GrpcServer s =
        GrpcServer.server(
            vertx, new GrpcServerOptions().setMaxMessageSize(config.maxRequestBytes()));
    unary(
        s,
        OIP,
        "ServerLive",
        ServerLiveRequest.getDefaultInstance(),
        (ServerLiveRequest r) ->
            Future.succeededFuture(ServerLiveResponse.newBuilder().setLive(true).build()));
    unary(
        s,
        OIP,
        "ServerReady",
        ServerReadyRequest.getDefaultInstance(),
        (ServerReadyRequest r) ->
            Future.succeededFuture(
                ServerReadyResponse.newBuilder().setReady(state.ready()).build()));
    unary(
        s,
        OIP,
        "ModelReady",
        ModelReadyRequest.getDefaultInstance(),
        (ModelReadyRequest r) ->
            Future.succeededFuture(
                ModelReadyResponse.newBuilder()
                    .setReady(resolve(r.getName(), r.getVersion()).ready())
                    .build()));
    unary(
        s,
        OIP,
        "ServerMetadata",
        ServerMetadataRequest.getDefaultInstance(),
        (ServerMetadataRequest r) ->
            Future.succeededFuture(
                ServerMetadataResponse.newBuilder()
                    .setName("aviary")
                    .setVersion(HttpFront.SERVER_VERSION)
                    .build()));
    unary(
        s,
        OIP,
        "ModelMetadata",
        ModelMetadataRequest.getDefaultInstance(),
        (ModelMetadataRequest r) -> Future.succeededFuture(metadata(r)));
    unary(s, OIP, "ModelInfer", ModelInferRequest.getDefaultInstance(), this::infer);
    unary(
        s,
        HEALTH,
        "Check",
        HealthCheckRequest.getDefaultInstance(),
        (HealthCheckRequest r) -> Future.succeededFuture(health(r)));
    s.callHandler(
        ServiceMethod.server(
            HEALTH,
            "Watch",
            GrpcMessageEncoder.<HealthCheckResponse>encoder(),
            GrpcMessageDecoder.decoder(HealthCheckRequest.getDefaultInstance())),
        watch::watch);
    return s;
  }

  private ModelEntry resolve(String name, String version) {
    return state.registry().resolve(name, version.isEmpty() ? null : version);
  }

  private HealthCheckResponse health(HealthCheckRequest r) {
    String service = r.getService();
    if (!service.isEmpty() && !service.equals(OIP.fullyQualifiedName())) {
      throw ApiException.notFound(
          "unknown service '" + service + "'; known: '' and '" + OIP.fullyQualifiedName() + "'");
    }
    return HealthCheckResponse.newBuilder()
        .setStatus(
            state.ready()
                ? HealthCheckResponse.ServingStatus.SERVING
                : HealthCheckResponse.ServingStatus.NOT_SERVING)
        .build();
  }

  private ModelMetadataResponse metadata(ModelMetadataRequest r) {
    ModelEntry e = resolve(r.getName(), r.getVersion());
    LoadedModel model = e.requireReady();
    ModelMetadataResponse.Builder b =
        ModelMetadataResponse.newBuilder().setName(e.name()).setPlatform(ModelViews.PLATFORM);
    state.registry().versions(e.name()).forEach(v -> b.addVersions(v.version()));
    for (TensorSpec spec : model.signature().inputs()) {
      b.addInputs(tensor(spec.name(), spec.datatype(), spec.shape()));
    }
    for (OutputSpec o : model.signature().outputs()) {
      long[] shape =
          o instanceof OutputSpec.TensorOutput t
              ? t.spec().shape()
              : ((OutputSpec.ProbabilityMaps) o).sequence() ? new long[] {-1, -1} : new long[] {-1};
      b.addOutputs(tensor(o.name(), o.datatype(), shape));
    }
    return b.build();
  }

  private static ModelMetadataResponse.TensorMetadata tensor(String n, Datatype d, long[] shape) {
    ModelMetadataResponse.TensorMetadata.Builder t =
        ModelMetadataResponse.TensorMetadata.newBuilder().setName(n).setDatatype(d.name());
    for (long x : shape) {
      t.addShape(x);
    }
    return t.build();
  }

  private Future<ModelInferResponse> infer(ModelInferRequest r) {
    long start = System.nanoTime();
    ModelEntry entry = resolve(r.getModelName(), r.getModelVersion());
    LoadedModel model;
    try {
      model = entry.requireReady();
    } catch (ApiException e) {
      metrics.inference(entry.name(), entry.version(), "unavailable", System.nanoTime() - start);
      throw e;
    }
    boolean sampled = payloads != null && payloads.sample();
    if (pending.incrementAndGet() > config.maxQueuedRequests()) {
      pending.decrementAndGet();
      metrics.inference(entry.name(), entry.version(), "unavailable", System.nanoTime() - start);
      ApiException overloaded =
          ApiException.unavailable(
              "server is overloaded: more than "
                  + config.maxQueuedRequests()
                  + " inference requests are waiting; retry later");
      logPayload(sampled, r, entry, null, overloaded, "unavailable");
      throw overloaded;
    }
    boolean raw = r.getRawInputContentsCount() > 0;
    return dispatch
        .run(
            model,
            inference.batches(entry),
            r.getSerializedSize(),
            () -> {
              InferenceRequest request = GrpcTensors.decode(r, model.signature());
              return inference
                  .run(entry, model, request)
                  .thenApply(
                      outputs ->
                          GrpcTensors.encode(
                              entry.name(), entry.version(), request.id(), outputs, raw));
            })
        .recover(t -> Future.failedFuture(answerable(unwrap(t), "ModelInfer")))
        .andThen(
            ar -> {
              pending.decrementAndGet();
              long nanos = System.nanoTime() - start;
              ApiException failure = (ApiException) ar.cause();
              String outcome =
                  failure == null
                      ? "success"
                      : failure.status() == 503
                          ? "unavailable"
                          : failure.status() / 100 == 4 ? "client_error" : "server_error";
              metrics.inference(entry.name(), entry.version(), outcome, nanos);
              logPayload(sampled, r, entry, ar.result(), failure, outcome);
            });
  }

  /** Logs a sampled inference with its reply or its failure. */
  private void logPayload(
      boolean sampled,
      ModelInferRequest r,
      ModelEntry entry,
      ModelInferResponse reply,
      ApiException failure,
      String outcome) {
    if (!sampled) {
      return;
    }
    payloads.log(
        new PayloadLogger.Inference(
            r.getId().isEmpty() ? TraceContext.generate() : r.getId(),
            entry.name(),
            entry.version(),
            Redaction.Unnamed.NONE,
            () -> Json.MAPPER.readTree(JsonFormat.printer().print(r)),
            failure == null
                ? () -> Json.MAPPER.readTree(JsonFormat.printer().print(reply))
                : () -> Json.MAPPER.createObjectNode().put("error", failure.getMessage()),
            outcome,
            (failure == null ? GrpcStatus.OK : status(failure)).name()));
  }

  private <Q, R extends MessageLite> void unary(
      GrpcServer s,
      ServiceName service,
      String method,
      MessageOrBuilder prototype,
      Function<Q, Future<R>> handler) {
    GrpcMessageDecoder<Q> decoder = GrpcMessageDecoder.decoder(prototype);
    s.callHandler(
        ServiceMethod.server(service, method, GrpcMessageEncoder.<R>encoder(), decoder),
        call ->
            call.handler(
                msg -> {
                  Future<R> f;
                  try {
                    f = handler.apply(msg);
                  } catch (Throwable t) {
                    f = Future.failedFuture(t);
                  }
                  f.onComplete(
                      ar -> {
                        if (ar.succeeded()) {
                          call.response().end(ar.result());
                        } else {
                          fail(call.response(), service.pathOf(method), unwrap(ar.cause()));
                        }
                      });
                }));
  }

  private static void fail(GrpcServerResponse<?, ?> response, String path, Throwable t) {
    ApiException e = answerable(t, path);
    response.status(status(e)).statusMessage(e.getMessage()).end();
  }

  /**
   * A failure as the client is told it: an {@link ApiException} as it is; anything else is a real
   * fault, logged with its stack trace under a new trace id, which the message names.
   */
  private static ApiException answerable(Throwable t, String path) {
    if (t instanceof ApiException e) {
      return e;
    }
    String trace = TraceContext.generate();
    LOG.error("internal error handling {} (trace id {})", path, trace, t);
    return new ApiException(500, "internal error; trace id " + trace);
  }

  private static GrpcStatus status(ApiException e) {
    return switch (e.status()) {
      case 400 -> GrpcStatus.INVALID_ARGUMENT;
      case 404 -> GrpcStatus.NOT_FOUND;
      case 413 -> GrpcStatus.RESOURCE_EXHAUSTED;
      case 503 -> GrpcStatus.UNAVAILABLE;
      default -> GrpcStatus.INTERNAL;
    };
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
