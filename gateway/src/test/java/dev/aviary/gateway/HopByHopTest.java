package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HopByHopTest {
  @Test
  void recognisesConnectionHeadersWhateverTheirCase() {
    for (String name :
        new String[] {
          "Connection",
          "keep-alive",
          "Proxy-Connection",
          "proxy-authenticate",
          "Proxy-Authorization",
          "TE",
          "trailer",
          "Transfer-Encoding",
          "upgrade",
          "Host",
          "content-length",
          "Expect"
        }) {
      assertThat(isHopByHop(name)).as(name).isTrue();
    }
  }

  @Test
  void leavesEndToEndHeadersAlone() {
    for (String name :
        new String[] {"content-type", "x-user-id", "tea", "hosts", "accept", "x-aviary-revision"}) {
      assertThat(isHopByHop(name)).as(name).isFalse();
    }
  }

  private static boolean isHopByHop(String name) {
    byte[] bytes = ("x-" + name).getBytes(StandardCharsets.US_ASCII);
    return HopByHop.is(bytes, 2, bytes.length - 2);
  }
}
