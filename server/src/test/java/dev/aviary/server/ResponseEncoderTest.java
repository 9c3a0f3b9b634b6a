package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseEncoderTest {
  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void nanAndInfinityOutputsBecomeStrings() {
    Tensor t =
        new Tensor(
            "y",
            Datatype.FP32,
            new long[] {3},
            new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1});
    assertThat(s(ResponseEncoder.infer("m", "1", null, List.of(t))))
        .isEqualTo(
            "{\"model_name\":\"m\",\"model_version\":\"1\",\"outputs\":[{\"name\":\"y\","
                + "\"datatype\":\"FP32\",\"shape\":[3],\"data\":[\"NaN\",\"Infinity\",1.0]}]}");
  }

  @Test
  void unsignedBytesAreWrittenAsTheirValue() {
    Tensor t = new Tensor("u", Datatype.UINT8, new long[] {1}, new byte[] {(byte) 200});
    assertThat(s(ResponseEncoder.infer("m", "1", "i", List.of(t)))).contains("\"data\":[200]");
  }

  @Test
  void predictNestsEachRowAndKeysProbabilitiesByClass() {
    Tensor y = new Tensor("y", Datatype.INT64, new long[] {2, 2, 1}, new long[] {1, 2, 3, 4});
    assertThat(s(ResponseEncoder.predict(2, List.of(y))))
        .isEqualTo("{\"predictions\":[[[1],[2]],[[3],[4]]]}");
    Tensor p =
        new Tensor(
            "p", Datatype.FP32, new long[] {1, 2}, new float[] {0.25f, 0.75f}, List.of("a", "b"));
    Tensor label = new Tensor("label", Datatype.BYTES, new long[] {1}, new String[] {"b"});
    assertThat(s(ResponseEncoder.predict(1, List.of(label, p))))
        .isEqualTo("{\"predictions\":[{\"label\":\"b\",\"p\":{\"a\":0.25,\"b\":0.75}}]}");
  }

  @Test
  void errorsCarryTheTraceId() {
    assertThat(s(ResponseEncoder.error("bad \"x\"", "abc")))
        .isEqualTo("{\"error\":\"bad \\\"x\\\"\",\"trace_id\":\"abc\"}");
  }
}
