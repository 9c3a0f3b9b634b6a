// BENCHMARK TOOL ONLY - not part of Aviary. A minimal Vert.x HTTP/1.1 reverse proxy with the same
// HTTP stack and pool settings as the gateway but none of its logic (no routing table, header
// routes, stickiness, retries, timeouts, mirror or statistics). It exists so that the benchmark
// can tell how much of the gateway's CPU per request is the Vert.x/Netty stack and how much is
// gateway logic.
//
// Run (single-file source launch, Vert.x from the Aviary jar):
//   java -cp cli/target/aviary-all.jar bench/gateway/PassThroughProxy.java \
//     PORT EVENT_LOOPS host:port[*weight] ...
// e.g. 19380 2 127.0.0.1:19101*9 127.0.0.1:19103*9 127.0.0.1:19102*2 (a fixed 90/10 rotation).

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;

public final class PassThroughProxy {
  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int loops = Integer.parseInt(args[1]);
    List<String[]> rotation = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String[] spec = args[i].split("\\*");
      int weight = spec.length > 1 ? Integer.parseInt(spec[1]) : 1;
      for (int w = 0; w < weight; w++) {
        rotation.add(spec[0].split(":"));
      }
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    vertx
        .deployVerticle(() -> new Proxy(port, rotation), new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> System.out.println("pass-through proxy listening on " + port))
        .onFailure(t -> {
          t.printStackTrace();
          System.exit(1);
        });
  }

  static final class Proxy extends VerticleBase {
    private final int port;
    private final String[][] rotation;
    private int next;
    private HttpClient client;

    Proxy(int port, List<String[]> rotation) {
      this.port = port;
      this.rotation = rotation.toArray(new String[0][]);
    }

    @Override
    public Future<?> start() {
      client =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
              new PoolOptions().setHttp1MaxSize(64));
      return vertx
          .createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
          .requestHandler(this::handle)
          .listen();
    }

    private void handle(HttpServerRequest req) {
      String[] target = rotation[next++ % rotation.length];
      MultiMap headers = req.headers();
      headers.remove("host");
      headers.remove("content-length");
      headers.remove("connection");
      RequestOptions options =
          new RequestOptions()
              .setHost(target[0])
              .setPort(Integer.parseInt(target[1]))
              .setMethod(req.method())
              .setURI(req.uri())
              .setHeaders(headers);
      req.body()
          .compose(body -> client.request(options).compose(creq -> creq.send(body)))
          .compose(resp -> resp.body().map(b -> {
            req.response().setStatusCode(resp.statusCode()).headers().addAll(resp.headers())
                .remove("content-length").remove("connection");
            return b;
          }))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              req.response().end(ar.result());
            } else {
              req.response().setStatusCode(502).end();
            }
          });
    }
  }
}
