package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idle, head and body timeouts and the connection limit of the traffic port, on raw sockets. */
class ClientLimitsIT {
  private Gateway gateway;
  private final List<Socket> sockets = new ArrayList<>();

  private void start(ClientLimits limits) {
    gateway =
        Gateway.start(
            ConfigCodec.parse(
                "routes: [{name: m, match: {pathPrefix: /m}, revisions: [{name: v1, endpoints:"
                    + " [\"127.0.0.1:9\"]}]}]"),
            GatewayOptions.defaults().withEventLoops(1).withClientLimits(limits));
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  private static ClientLimits limits() {
    return new ClientLimits(
        Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), 1000);
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", gateway.port());
    s.setSoTimeout(10_000);
    sockets.add(s);
    return s;
  }

  private static void write(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /** Everything the gateway sends until it closes the connection. */
  private static String readToClose(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void a_head_trickled_a_byte_at_a_time_is_cut_off_at_the_head_timeout_with_408() throws Exception {
    start(limits().withHeadTimeout(Duration.ofSeconds(1)));
    Socket s = connect();
    String head = "GET /x HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200);
    long start = System.nanoTime();
    boolean cut = false;
    for (char c : head.toCharArray()) {
      try {
        write(s, String.valueOf(c));
      } catch (IOException e) {
        cut = true; // the gateway closed while we were still trickling
        break;
      }
      Thread.sleep(50);
      if (System.nanoTime() - start > Duration.ofSeconds(5).toNanos()) {
        break;
      }
    }
    String answer = readToClose(s);
    long took = System.nanoTime() - start;
    assertThat(answer).startsWith("HTTP/1.1 408 ").contains("head did not arrive within 1s");
    assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(5));
    assertThat(cut || answer.contains("408")).isTrue();
  }

  @Test
  void a_body_that_stops_arriving_gets_408_after_the_body_timeout() throws Exception {
    start(limits().withBodyTimeout(Duration.ofSeconds(1)));
    Socket s = connect();
    write(s, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part");
    assertThat(readToClose(s))
        .startsWith("HTTP/1.1 408 ")
        .contains("body did not arrive within 1s");
  }

  @Test
  void an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() throws Exception {
    start(limits().withIdleTimeout(Duration.ofMillis(500)));
    Socket s = connect();
    write(s, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
    String answer = readToClose(s); // the 404 (no route), then the idle close
    assertThat(answer).startsWith("HTTP/1.1 404 ");
    assertThat(gateway.prometheusText())
        .contains("aviary_gateway_client_timeouts_total{phase=\"idle\"} 1.0");
  }

  @Test
  void at_the_limit_a_new_connection_replaces_an_idle_one_and_is_refused_when_none_is_idle()
      throws Exception {
    start(limits().withMaxConnections(2));
    Socket idle1 = connect();
    Socket idle2 = connect();
    Thread.sleep(200); // both accepted and idle

    Socket third = connect();
    write(third, "GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(readToClose(third)).startsWith("HTTP/1.1 404 ").contains("no route");
    assertThat(idle1.getInputStream().read()).as("the longest-idle one was closed").isEqualTo(-1);

    // Two connections each in the middle of a request head: neither is idle.
    Socket busy1 = connect();
    write(busy1, "GET /x HTTP/1.1\r\n");
    Thread.sleep(200);
    write(idle2, "GET /x HTTP/1.1\r\n");
    Thread.sleep(200);
    Socket refused = connect();
    assertThat(readToClose(refused))
        .startsWith("HTTP/1.1 503 ")
        .contains("too many connections")
        .contains("limit of 2");
  }
}
