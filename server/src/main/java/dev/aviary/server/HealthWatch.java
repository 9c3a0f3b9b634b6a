package dev.aviary.server;

import dev.aviary.server.grpc.health.HealthCheckRequest;
import dev.aviary.server.grpc.health.HealthCheckResponse;
import dev.aviary.server.grpc.health.HealthCheckResponse.ServingStatus;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams of {@code grpc.health.v1.Health/Watch}: each gets the current status at once, then a
 * new message whenever it changes (a model finishes loading, draining starts). A stream for an
 * unknown service gets {@code SERVICE_UNKNOWN} and stays open, as the health protocol says.
 */
final class HealthWatch {
  private final ServerState state;
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  HealthWatch(ServerState state) {
    this.state = state;
    state.onChange(this::changed);
  }

  /** What a Watch stream for {@code service} reports now. */
  static ServingStatus status(String service, boolean ready) {
    if (!service.isEmpty() && !service.equals(GrpcFront.OIP.fullyQualifiedName())) {
      return ServingStatus.SERVICE_UNKNOWN;
    }
    return ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  }

  /** Serves one Watch call; call on the call's event loop. */
  void watch(GrpcServerRequest<HealthCheckRequest, HealthCheckResponse> call) {
    call.handler(
        request -> {
          Watcher w = new Watcher(request.getService(), call.response(), Vertx.currentContext());
          call.errorHandler(e -> watchers.remove(w));
          call.exceptionHandler(t -> watchers.remove(w));
          call.response().exceptionHandler(t -> watchers.remove(w));
          watchers.add(w);
          w.send();
          if (closed && watchers.remove(w)) {
            w.end(); // close() ran while this stream was being added
          }
        });
  }

  /** Open Watch streams. */
  int watching() {
    return watchers.size();
  }

  /**
   * Ends every stream with UNAVAILABLE (clients reconnect elsewhere) and refuses new ones; an open
   * stream would otherwise hold the server's shutdown until its timeout.
   */
  void close() {
    closed = true;
    for (Watcher w : watchers) {
      watchers.remove(w);
      w.context.runOnContext(v -> w.end());
    }
  }

  private void changed() {
    for (Watcher w : watchers) {
      w.context.runOnContext(v -> w.send());
    }
  }

  private final class Watcher {
    final String service;
    final GrpcServerResponse<HealthCheckRequest, HealthCheckResponse> response;
    final Context context;
    ServingStatus last; // touched only on context

    Watcher(
        String service,
        GrpcServerResponse<HealthCheckRequest, HealthCheckResponse> response,
        Context context) {
      this.service = service;
      this.response = response;
      this.context = context;
    }

    /** Sends the status if it differs from the last one sent. */
    void send() {
      ServingStatus now = status(service, state.ready());
      if (now == last || !watchers.contains(this)) {
        return;
      }
      last = now;
      response
          .write(HealthCheckResponse.newBuilder().setStatus(now).build())
          .onFailure(t -> watchers.remove(this));
    }

    void end() {
      response.status(GrpcStatus.UNAVAILABLE).statusMessage("the server is shutting down").end();
    }
  }
}
