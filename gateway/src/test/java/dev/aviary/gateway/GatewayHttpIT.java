package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 on the wire between client, gateway and backend, over raw sockets. */
class GatewayHttpIT {
  private Vertx vertx;
  private HttpServer backend;
  private final AtomicInteger backendRequests = new AtomicInteger();
  private Gateway gateway;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    backend =
        vertx
            .createHttpServer()
            .requestHandler(this::echo)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    gateway =
        GatewayFixture.start(
            """
            routes: [{name: all, revisions: [{name: v1, endpoints: ["127.0.0.1:%d"]}]}]
            settings: {maxRequestBytes: 1000}
            """
                .formatted(backend.actualPort()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    vertx.close();
  }

  /**
   * Answers with what it received: method, target and body in the body; header names and some
   * values in headers. {@code /chunked} answers in chunks, {@code /hop} with hop-by-hop headers.
   */
  private void echo(HttpServerRequest req) {
    backendRequests.incrementAndGet();
    req.body()
        .onSuccess(
            body -> {
              HttpServerResponse out = req.response();
              TreeSet<String> names = new TreeSet<>();
              req.headers().names().forEach(n -> names.add(n.toLowerCase()));
              out.putHeader("x-seen-headers", String.join(",", names))
                  .putHeader(
                      "x-seen-forwarded-for", String.valueOf(req.getHeader("x-forwarded-for")))
                  .putHeader(
                      "x-seen-content-length", String.valueOf(req.getHeader("content-length")))
                  .putHeader("x-seen-te", String.valueOf(req.getHeader("transfer-encoding")))
                  .putHeader("x-seen-host", String.valueOf(req.getHeader("host")));
              String echoed = req.method() + " " + req.uri() + " " + body;
              if (req.path().equals("/chunked")) {
                out.setChunked(true).write("first,");
                vertx.setTimer(20, id -> out.end("second"));
                return;
              }
              if (req.path().equals("/hop")) {
                out.putHeader("keep-alive", "timeout=5")
                    .putHeader("upgrade", "h2c")
                    .putHeader("x-aviary-revision", "forged")
                    .putHeader("set-cookie", "a=1")
                    .putHeader("x-kept", "yes");
              }
              if (req.method().name().equals("HEAD")) {
                out.putHeader("content-length", String.valueOf(echoed.length()));
              }
              out.end(echoed);
            });
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", gateway.port());
    s.setSoTimeout(10_000);
    return s;
  }

  private static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  record Answer(String statusLine, Map<String, String> headers, String body) {
    int status() {
      return Integer.parseInt(statusLine.substring(9, 12));
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  /** Reads one answer framed by content-length (what the gateway always sends). */
  private static Answer read(Socket s, boolean headRequest) throws IOException {
    InputStream in = s.getInputStream();
    String statusLine = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      String name = l.substring(0, colon).toLowerCase();
      assertThat(headers).as("header %s only once", name).doesNotContainKey(name);
      headers.put(name, l.substring(colon + 1).trim());
    }
    int length =
        headRequest || !headers.containsKey("content-length")
            ? 0
            : Integer.parseInt(headers.get("content-length"));
    byte[] body = in.readNBytes(length);
    return new Answer(statusLine, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed; read so far: " + b);
      }
      b.write(c);
    }
    String l = b.toString(StandardCharsets.ISO_8859_1);
    assertThat(l).endsWith("\r");
    return l.substring(0, l.length() - 1);
  }

  private static boolean closedByPeer(Socket s) throws IOException {
    return s.getInputStream().read() < 0;
  }

  @Test
  void forwardsAChunkedRequestBodyWithItsLength() throws Exception {
    try (Socket s = connect()) {
      write(
          s,
          "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5;note=1\r\nhello\r\n6\r\n world\r\n0\r\nx-trailer: t\r\n\r\n");
      Answer a = read(s, false);

      assertThat(a.status()).isEqualTo(200);
      assertThat(a.body()).isEqualTo("POST /echo hello world");
      assertThat(a.header("x-seen-content-length")).isEqualTo("11");
      assertThat(a.header("x-seen-te")).isEqualTo("null");
      assertThat(a.header("x-aviary-revision")).isEqualTo("v1");
    }
  }

  @Test
  void passesAChunkedAnswerOnWithAContentLength() throws Exception {
    try (Socket s = connect()) {
      write(s, "GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n");
      Answer a = read(s, false);

      assertThat(a.body()).isEqualTo("first,second");
      assertThat(a.header("content-length")).isEqualTo("12");
      assertThat(a.header("transfer-encoding")).isNull();
    }
  }

  @Test
  void answersPipelinedRequestsInOrderOnOneConnection() throws Exception {
    try (Socket s = connect()) {
      write(
          s,
          "GET /chunked HTTP/1.1\r\nHost: x\r\n\r\n"
              + "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
              + "GET /nowhere-else HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /four?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(read(s, false).body()).isEqualTo("first,second");
      assertThat(read(s, false).body()).isEqualTo("POST /two abc");
      assertThat(read(s, false).body()).isEqualTo("GET /nowhere-else ");
      assertThat(read(s, false).body()).isEqualTo("GET /four?q=1 ");
    }
  }

  @Test
  void closesTheConnectionAfterAnAnswerWhenTheClientAsks() throws Exception {
    try (Socket s = connect()) {
      write(s, "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
      Answer a = read(s, false);

      assertThat(a.body()).isEqualTo("GET /a ");
      assertThat(a.header("connection")).isEqualTo("close");
      assertThat(closedByPeer(s)).isTrue();
    }
    assertThat(backendRequests.get()).isEqualTo(1);
  }

  @Test
  void http10ConnectionsCloseUnlessKeptAlive() throws Exception {
    try (Socket s = connect()) {
      write(s, "GET /old HTTP/1.0\r\n\r\n");
      Answer a = read(s, false);
      assertThat(a.statusLine()).startsWith("HTTP/1.1 200");
      assertThat(a.body()).isEqualTo("GET /old ");
      assertThat(a.header("connection")).isEqualTo("close");
      assertThat(closedByPeer(s)).isTrue();
    }
    try (Socket s = connect()) {
      write(s, "GET /kept HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      Answer a = read(s, false);
      assertThat(a.header("connection")).isEqualTo("keep-alive");
      write(s, "POST /again HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi");
      assertThat(read(s, false).body()).isEqualTo("POST /again hi");
    }
  }

  @Test
  void sendsContinueBeforeTheBodyWhenTheClientExpectsIt() throws Exception {
    try (Socket s = connect()) {
      write(s, "POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
      assertThat(read(s, false).statusLine()).isEqualTo("HTTP/1.1 100 Continue");
      write(s, "body");
      Answer a = read(s, false);

      assertThat(a.body()).isEqualTo("POST /e body");
      assertThat(a.header("x-seen-headers")).doesNotContain("expect");
    }
    try (Socket s = connect()) {
      write(
          s, "POST /e HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 4\r\n\r\n");
      Answer a = read(s, false);
      assertThat(a.status()).isEqualTo(417);
      assertThat(a.body()).contains("\"error\"");
    }
  }

  @Test
  void rejectsSmugglingAttemptsWithoutForwardingAnything() throws Exception {
    for (String attack :
        new String[] {
          "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
          "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "4x\r\nGET /smuggled HTTP/1.1\r\n\r\n",
          "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd",
          "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
          "GET /a HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n",
        }) {
      try (Socket s = connect()) {
        write(s, attack);
        Answer a = read(s, false);
        assertThat(a.status()).as(attack).isEqualTo(400);
        assertThat(a.body()).startsWith("{\"error\":\"malformed HTTP request: ");
        assertThat(a.header("connection")).isEqualTo("close");
        assertThat(closedByPeer(s)).isTrue();
      }
    }
    assertThat(backendRequests.get()).isZero();
  }

  /** The request-smuggling probes of a security review, kept as they were sent by hand. */
  @Test
  void refusesEveryAmbiguouslyFramedRequestAndClosesBeforeTheUpstreamSeesAnything()
      throws Exception {
    String smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    for (String attack :
        new String[] {
          "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
              + "0\r\n\r\n"
              + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n"
              + "0\r\n\r\n"
              + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
              + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
              + " identity\r\n\r\n0\r\n\r\n"
              + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n Content-Length: 30\r\n\r\n"
              + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n"
              + "0\r\n\r\n"
              + smuggled,
          "POST /a HTTP/1.1\nHost: x\nContent-Length: 5\n\n0\r\n\r\n" + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\n\r\n" + "hello" + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "10000000000000005\r\nhello\r\n0\r\n\r\n"
              + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello" + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello" + smuggled,
          "POST /a HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled,
          "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\u000bchunked\r\n\r\n0\r\n\r\n"
              + smuggled,
        }) {
      try (Socket s = connect()) {
        write(s, attack);
        Answer a = read(s, false);
        assertThat(a.status()).as(attack).isEqualTo(400);
        assertThat(a.body()).startsWith("{\"error\":\"malformed HTTP request: ");
        assertThat(a.header("connection")).isEqualTo("close");
        assertThat(closedByPeer(s)).as(attack).isTrue();
      }
    }
    assertThat(backendRequests.get()).isZero();
  }

  @Test
  void aProbeAfterAGoodRequestOnTheSameConnectionIsRefusedAndNothingElseIsForwarded()
      throws Exception {
    try (Socket s = connect()) {
      write(
          s,
          "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"
              + "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
              + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(read(s, false).body()).isEqualTo("GET /ok ");
      Answer refused = read(s, false);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(closedByPeer(s)).isTrue();
    }
    assertThat(backendRequests.get()).isEqualTo(1);
  }

  @Test
  void anAbsoluteFormTargetNamingAnotherHostGoesToTheRoutesEndpointNeverToThatHost()
      throws Exception {
    try (Socket s = connect()) {
      write(
          s,
          "GET http://169.254.169.254/latest/meta-data?x=1 HTTP/1.1\r\n"
              + "Host: 169.254.169.254\r\n\r\n");
      Answer a = read(s, false);
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.body()).isEqualTo("GET /latest/meta-data?x=1 ");
      assertThat(a.header("x-seen-host")).isEqualTo("127.0.0.1:" + backend.actualPort());
    }
    assertThat(backendRequests.get()).isEqualTo(1);
  }

  @Test
  void aClientStillSendingATooLargeBodyReadsThe413() throws Exception {
    try (Socket s = connect()) {
      write(s, "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 300000\r\n\r\n");
      org.awaitility.Awaitility.await().until(() -> s.getInputStream().available() > 0);
      // The answer is there; the client goes on sending its body. Had the gateway closed the
      // connection fully, these bytes would be answered with a reset (failing the writes, or
      // discarding the answer not yet read); it keeps reading (and dropping) them instead.
      byte[] chunk = new byte[10_000];
      for (int i = 0; i < 30; i++) {
        s.getOutputStream().write(chunk);
        Thread.sleep(5);
      }
      Answer a = read(s, false);

      assertThat(a.status()).isEqualTo(413);
      assertThat(a.body()).isEqualTo("{\"error\":\"request body larger than 1000 bytes\"}");
      assertThat(closedByPeer(s)).isTrue();
    }
    assertThat(backendRequests.get()).isZero();
  }

  @Test
  void stripsHopByHopHeadersBothWaysAndAppendsTheClientToForwardedFor() throws Exception {
    try (Socket s = connect()) {
      write(
          s,
          "GET /hop HTTP/1.1\r\nHost: client.example\r\nConnection: keep-alive, Upgrade\r\n"
              + "Keep-Alive: 5\r\nTE: trailers\r\nUpgrade: h2c\r\nProxy-Connection: x\r\n"
              + "X-Forwarded-For: 10.0.0.1\r\nx-forwarded-for: 10.0.0.2\r\nX-User: u\r\n\r\n");
      Answer a = read(s, false);

      assertThat(a.header("x-seen-headers")).isEqualTo("host,x-forwarded-for,x-user");
      assertThat(a.header("x-seen-forwarded-for")).isEqualTo("10.0.0.1, 10.0.0.2, 127.0.0.1");
      assertThat(a.header("keep-alive")).isNull();
      assertThat(a.header("upgrade")).isNull();
      assertThat(a.header("x-aviary-revision")).isEqualTo("v1");
      assertThat(a.header("set-cookie")).isEqualTo("a=1");
      assertThat(a.header("x-kept")).isEqualTo("yes");
    }
  }

  @Test
  void answersHeadRequestsWithTheLengthButNoBody() throws Exception {
    try (Socket s = connect()) {
      write(s, "HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n");
      Answer head = read(s, true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo(String.valueOf("HEAD /h ".length()));

      assertThat(read(s, false).body()).isEqualTo("GET /after ");
    }
  }

  @Test
  void routesAbsoluteFormTargetsByTheirPath() throws Exception {
    try (Socket s = connect()) {
      write(s, "GET http://client.example/abs?x=1 HTTP/1.1\r\nHost: client.example\r\n\r\n");
      assertThat(read(s, false).body()).isEqualTo("GET /abs?x=1 ");
    }
  }

  /**
   * A backend on a plain socket that answers every connection's first request with {@code answer}
   * and then closes the connection.
   */
  private static java.net.ServerSocket rawBackend(String answer) throws IOException {
    java.net.ServerSocket server =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  InputStream in = s.getInputStream();
                  for (String l = line(in); !l.isEmpty(); l = line(in)) {
                    // the request head; these requests have no body
                  }
                  s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                  s.getOutputStream().flush();
                } catch (IOException | AssertionError e) {
                  // the next connection
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return server;
  }

  private Gateway gatewayTo(java.net.ServerSocket backend) {
    return GatewayFixture.start(
        """
        routes: [{name: all, revisions: [{name: v1, endpoints: ["127.0.0.1:%d"]}]}]
        settings: {retry: {maxRetries: 0}}
        """
            .formatted(backend.getLocalPort()));
  }

  @Test
  void passesOnAnAnswerWhoseBodyRunsUntilTheUpstreamCloses() throws Exception {
    try (java.net.ServerSocket backend =
            rawBackend("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nthe whole body");
        Gateway raw = gatewayTo(backend);
        Socket s = new Socket("127.0.0.1", raw.port())) {
      s.setSoTimeout(10_000);
      write(s, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
      Answer first = read(s, false);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("the whole body");
      assertThat(first.header("content-length")).isEqualTo("14");
      assertThat(first.header("x-aviary-revision")).isEqualTo("v1");

      write(s, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"); // the client connection stays usable
      assertThat(read(s, false).body()).isEqualTo("the whole body");
    }
  }

  @Test
  void answers502WhenTheUpstreamAnswerIsNotValidHttp() throws Exception {
    for (String bad :
        new String[] {
          "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
          "HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n",
          "SSH-2.0-OpenSSH_9.2\r\n",
        }) {
      try (java.net.ServerSocket backend = rawBackend(bad);
          Gateway raw = gatewayTo(backend);
          Socket s = new Socket("127.0.0.1", raw.port())) {
        s.setSoTimeout(10_000);
        write(s, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        Answer a = read(s, false);
        assertThat(a.status()).as(bad).isEqualTo(502);
        assertThat(a.body()).contains("\"error\":\"upstream 127.0.0.1:");
        assertThat(a.header("x-aviary-revision")).isEqualTo("v1");
      }
    }
  }
}
