package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class HopByHopTest {
  @Test
  void recognisesConnectionHeadersWhateverTheirCase() {
    for (String name :
        new String[] {
          "Connection", "keep-alive", "Proxy-Connection", "proxy-authenticate",
          "Proxy-Authorization", "TE", "trailer", "Transfer-Encoding", "upgrade", "Host",
          "content-length", "Expect"
        }) {
      assertThat(HopByHop.is(name)).as(name).isTrue();
    }
  }

  @Test
  void leavesEndToEndHeadersAlone() {
    for (String name :
        new String[] {"content-type", "x-user-id", "tea", "hosts", "accept", "x-aviary-revision"}) {
      assertThat(HopByHop.is(name)).as(name).isFalse();
    }
  }

  @Test
  void stripRemovesEveryHopByHopHeaderIncludingRepeatedOnes() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.add("Host", "a").add("Content-Type", "application/json").add("Connection", "x");
    headers.add("Upgrade", "h2c").add("TE", "trailers").add("Trailer", "t").add("Expect", "e");
    headers.add("Keep-Alive", "1").add("Transfer-Encoding", "chunked").add("x-user-id", "u1");
    headers.add("Proxy-Connection", "p").add("Content-Length", "3").add("connection", "y");

    HopByHop.strip(headers);

    assertThat(headers.names()).containsExactlyInAnyOrder("Content-Type", "x-user-id");
  }

  @Test
  void copyAddsOnlyEndToEndHeadersAndKeepsRepeatedValues() {
    MultiMap from = MultiMap.caseInsensitiveMultiMap();
    from.add("Content-Type", "application/json").add("Set-Cookie", "a=1").add("Set-Cookie", "b=2");
    from.add("Connection", "keep-alive").add("Content-Length", "12").add("Server", "nginx");
    MultiMap to = MultiMap.caseInsensitiveMultiMap();

    HopByHop.copy(from, to);

    assertThat(to.getAll("set-cookie")).containsExactly("a=1", "b=2");
    assertThat(to.names()).containsExactlyInAnyOrder("Content-Type", "Set-Cookie", "Server");
  }
}
