package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Http1ReaderTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
  private final Http1Reader requests = new Http1Reader(true, 1024, ALLOC);
  private final Http1Reader responses = new Http1Reader(false, 1024, ALLOC);
  private ByteBuf buf = Unpooled.buffer();

  @AfterEach
  void release() {
    requests.release();
    responses.release();
    buf.release();
  }

  private boolean request(String text) throws BadHttpException {
    requests.reset(100, false);
    buf.writeCharSequence(text, StandardCharsets.ISO_8859_1);
    return requests.read(buf);
  }

  private boolean response(String text, boolean headRequest) throws BadHttpException {
    responses.reset(1_000_000, headRequest);
    buf.writeCharSequence(text, StandardCharsets.ISO_8859_1);
    return responses.read(buf);
  }

  private String requestLine() {
    ByteBuf out = Unpooled.buffer();
    requests.writeRequestLine(out);
    String line = out.toString(StandardCharsets.ISO_8859_1);
    out.release();
    return line;
  }

  @Test
  void findsThePathOfOriginAndAbsoluteFormTargets() throws Exception {
    request("GET http://example.com:8080/a/b?c=/d HTTP/1.1\r\n\r\n");
    assertThat(requests.path()).isEqualTo("/a/b");
    assertThat(requestLine()).isEqualTo("GET /a/b?c=/d HTTP/1.1\r\n");
    buf.clear();
    request("GET HTTPS://example.com?x HTTP/1.0\r\n\r\n");
    assertThat(requests.path()).isEmpty();
    assertThat(requestLine()).isEqualTo("GET /?x HTTP/1.1\r\n");
    buf.clear();
    request("OPTIONS * HTTP/1.1\r\n\r\n");
    assertThat(requests.path()).isEqualTo("*");
  }

  private String body(Http1Reader reader) {
    return reader.body(buf).toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsTheRequestLineAndHeadersAsRangesAndLooksHeadersUpInAnyCase() throws Exception {
    assertThat(
            request(
                "POST /v2/models/m/infer?x=1 HTTP/1.1\r\nHost: gw\r\nX-User-Id:  u7 \r\n"
                    + "Cookie: a=1; preview=\"yes\"\r\ncontent-length: 2\r\n\r\n{}"))
        .isTrue();

    assertThat(requests.methodIs("POST")).isTrue();
    assertThat(requests.methodIs("post")).isFalse();
    assertThat(requests.path()).isEqualTo("/v2/models/m/infer");
    assertThat(requestLine()).isEqualTo("POST /v2/models/m/infer?x=1 HTTP/1.1\r\n");
    assertThat(requests.header("x-user-id")).isEqualTo("u7");
    assertThat(requests.header("HOST")).isEqualTo("gw");
    assertThat(requests.header("x-missing")).isNull();
    assertThat(requests.cookie("preview")).isEqualTo("yes");
    assertThat(requests.cookie("a")).isEqualTo("1");
    assertThat(requests.cookie("b")).isNull();
    assertThat(requests.fieldCount()).isEqualTo(4);
    assertThat(body(requests)).isEqualTo("{}");
    assertThat(requests.keepAlive()).isTrue();
    buf.clear();
    request(
        "GET / HTTP/1.1\r\nX-Long: \tan obs-text \u00e9 value longer than eight bytes \t \r\n\r\n");
    assertThat(requests.header("x-long"))
        .isEqualTo("an obs-text \u00e9 value longer than eight bytes");
  }

  @Test
  void waitsForTheWholeBodyWhicheverWayTheBytesArrive() throws Exception {
    String text =
        "POST /a HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world"
            + "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-trailer: t\r\n\r\n";
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int split = 0; split < bytes.length; split++) {
      ByteBuf in = Unpooled.buffer();
      requests.reset(100, false);
      in.writeBytes(bytes, 0, split);
      int done = 0;
      StringBuilder bodies = new StringBuilder();
      while (done < 2 && requests.read(in)) {
        bodies.append(requests.body(in).toString(StandardCharsets.ISO_8859_1)).append('|');
        requests.consume(in, 100, false);
        done++;
      }
      in.writeBytes(bytes, split, bytes.length - split);
      while (done < 2 && requests.read(in)) {
        bodies.append(requests.body(in).toString(StandardCharsets.ISO_8859_1)).append('|');
        requests.consume(in, 100, false);
        done++;
      }
      assertThat(done).as("split at %d", split).isEqualTo(2);
      assertThat(bodies.toString()).isEqualTo("hello world|hello world|");
      assertThat(in.isReadable()).isFalse();
      in.release();
    }
  }

  @Test
  void readsPipelinedRequestsOneAtATime() throws Exception {
    assertThat(request("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\nConnection: close\r\n\r\n"))
        .isTrue();
    assertThat(requests.keepAlive()).isTrue();
    assertThat(requests.framed()).isFalse();
    requests.consume(buf, 100, false);

    assertThat(requests.read(buf)).isTrue();
    assertThat(requests.path()).isEqualTo("/2");
    assertThat(requests.keepAlive()).isFalse();
  }

  @Test
  void skipsEmptyLinesBeforeARequest() throws Exception {
    assertThat(request("\r\n\r\nGET / HTTP/1.1\r\n\r\n")).isTrue();
    assertThat(requests.methodIs("GET")).isTrue();
  }

  @Test
  void skipsAnEmptyLineBetweenRequestsWhoseCrAndLfArriveApart() throws Exception {
    assertThat(request("GET /1 HTTP/1.1\r\n\r\n\r")).isTrue();
    requests.consume(buf, 100, false);
    assertThat(requests.read(buf)).isFalse();
    buf.writeCharSequence("\nGET /2 HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII);
    assertThat(requests.read(buf)).isTrue();
    assertThat(requests.path()).isEqualTo("/2");
  }

  @Test
  void http10ClosesUnlessAskedToKeepAlive() throws Exception {
    assertThat(request("GET / HTTP/1.0\r\n\r\n")).isTrue();
    assertThat(requests.minorVersion()).isZero();
    assertThat(requests.keepAlive()).isFalse();
    requests.consume(buf, 100, false);
    buf.writeCharSequence(
        "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", StandardCharsets.US_ASCII);
    assertThat(requests.read(buf)).isTrue();
    assertThat(requests.keepAlive()).isTrue();
  }

  @Test
  void recognisesExpectations() throws Exception {
    assertThat(request("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n"))
        .isFalse();
    assertThat(requests.headDone()).isTrue();
    assertThat(requests.expectContinue()).isTrue();
    assertThat(requests.unsupportedExpectation()).isFalse();
    buf.clear();
    request("GET / HTTP/1.1\r\nExpect: teapot\r\n\r\n");
    assertThat(requests.unsupportedExpectation()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // request smuggling: both framings, conflicting or odd lengths, unknown codings
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: lots\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding:\u000bchunked\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        // line ends, folding, names, values
        "GET / HTTP/1.1\nHost: x\n\n",
        "GET / HTTP/1.1\r\nHost: x\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\ry: z\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\n X-A: 1\r\n\r\n",
        "GET / HTTP/1.1\r\nX A: 1\r\n\r\n",
        "GET / HTTP/1.1\r\n: 1\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A 1\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: a\u0000b\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: a\u007fb\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: abcdefghijklmnopqrstuvw\u0001xyz\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: abcdefghijklmnopqrstuvw\u007fxyz\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: abcdefghijklmnopqrstuvw\rxyz\r\n\r\n",
        // request lines
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1 \r\n\r\n",
        "GET /a b HTTP/1.1\r\n\r\n",
        "GET /\u00e9 HTTP/1.1\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        " GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "GET / HTTP/1.10\r\n\r\n",
        "GET /\r\n\r\n",
        "GET\r\n\r\n",
      })
  void rejectsMalformedRequests(String text) {
    assertThatThrownBy(() -> request(text))
        .isInstanceOf(BadHttpException.class)
        .satisfies(e -> assertThat(((BadHttpException) e).tooLarge()).isFalse());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "zz\r\nabc\r\n0\r\n\r\n",
        "\r\nabc\r\n0\r\n\r\n",
        "-3\r\nabc\r\n0\r\n\r\n",
        "3 x\r\nabc\r\n0\r\n\r\n",
        "1000000000000000\r\n",
        "3\r\nabcd\r\n0\r\n\r\n",
        "3\r\nabc0\r\n\r\n",
        "3\nabc\r\n0\r\n\r\n",
        "3\r\nabc\r\n0\r\nbad trailer\r\n\r\n",
        "3;e=\u0001\r\nabc\r\n0\r\n\r\n",
      })
  void rejectsMalformedChunks(String chunks) {
    assertThatThrownBy(
            () -> request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks))
        .isInstanceOf(BadHttpException.class)
        .satisfies(e -> assertThat(((BadHttpException) e).tooLarge()).isFalse());
  }

  @Test
  void rejectsOversizedHeadsAndTooManyFieldsEvenBeforeTheHeadEnds() {
    assertThatThrownBy(() -> request("GET /" + "a".repeat(2000)))
        .isInstanceOf(BadHttpException.class)
        .hasMessageContaining("head longer than 1024 bytes");
    buf.clear();
    Http1Reader wide = new Http1Reader(true, 100_000, ALLOC);
    wide.reset(100, false);
    buf.writeCharSequence(
        "GET / HTTP/1.1\r\n" + "x: y\r\n".repeat(Http1Reader.MAX_FIELDS + 1) + "\r\n",
        StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> wide.read(buf)).hasMessageContaining("header fields");
  }

  @Test
  void refusesBodiesLargerThanTheLimitByLengthOrAsChunksArrive() {
    assertThatThrownBy(() -> request("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n"))
        .isInstanceOf(BadHttpException.class)
        .satisfies(e -> assertThat(((BadHttpException) e).tooLarge()).isTrue());
    buf.clear();
    assertThatThrownBy(
            () ->
                request(
                    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "40\r\n"
                        + "a".repeat(64)
                        + "\r\n40\r\n"))
        .isInstanceOf(BadHttpException.class)
        .satisfies(e -> assertThat(((BadHttpException) e).tooLarge()).isTrue());
  }

  @Test
  void readsResponsesByLengthChunksOrUntilTheConnectionCloses() throws Exception {
    assertThat(response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false)).isTrue();
    assertThat(responses.status()).isEqualTo(200);
    assertThat(body(responses)).isEqualTo("ok");
    assertThat(responses.keepAlive()).isTrue();
    responses.consume(buf, 1_000_000, false);

    buf.writeCharSequence(
        "HTTP/1.1 503\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nno\r\n0\r\n\r\n",
        StandardCharsets.US_ASCII);
    assertThat(responses.read(buf)).isTrue();
    assertThat(responses.status()).isEqualTo(503);
    ByteBuf status = Unpooled.buffer();
    responses.writeStatus(status);
    assertThat(status.toString(StandardCharsets.US_ASCII)).isEqualTo("503 ");
    status.release();
    assertThat(body(responses)).isEqualTo("no");
    responses.consume(buf, 1_000_000, false);

    buf.writeCharSequence("HTTP/1.0 200 OK\r\n\r\nuntil clo", StandardCharsets.US_ASCII);
    assertThat(responses.read(buf)).isFalse();
    buf.writeCharSequence("se", StandardCharsets.US_ASCII);
    assertThat(responses.closed(buf)).isTrue();
    assertThat(body(responses)).isEqualTo("until close");
    assertThat(responses.keepAlive()).isFalse();
  }

  @Test
  void responsesToHeadAndBodilessStatusesEndWithTheHead() throws Exception {
    assertThat(response("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n", true)).isTrue();
    assertThat(responses.bodyLength()).isZero();
    buf.clear();
    assertThat(response("HTTP/1.1 204 No Content\r\n\r\n", false)).isTrue();
    buf.clear();
    assertThat(response("HTTP/1.1 100 Continue\r\n\r\n", false)).isTrue();
    assertThat(responses.status()).isEqualTo(100);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 099 OK\r\n\r\n",
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
        "\r\nHTTP/1.1 200 OK\r\n\r\n",
        "HTTP/1.1 200 O\u0001K\r\n\r\n",
      })
  void rejectsMalformedResponses(String text) {
    assertThatThrownBy(() -> response(text, false)).isInstanceOf(BadHttpException.class);
  }
}
