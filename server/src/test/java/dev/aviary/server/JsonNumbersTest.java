package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The server's JSON numbers are parsed and written exactly as the JDK would, only faster. */
class JsonNumbersTest {
  private final SplittableRandom random = new SplittableRandom(20261129);

  @Test
  void parsedDoublesAreTheJdksCorrectlyRoundedValues() throws IOException {
    for (int i = 0; i < 20_000; i++) {
      String text = randomDecimal();
      try (JsonParser p = Json.MAPPER.createParser(text.getBytes(StandardCharsets.US_ASCII))) {
        p.nextToken();
        assertThat(Double.doubleToRawLongBits(p.getDoubleValue()))
            .as(text)
            .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
      }
    }
  }

  @Test
  void writtenFloatsAndDoublesReadBackToTheSameValue() throws IOException {
    for (int i = 0; i < 20_000; i++) {
      float f = Float.intBitsToFloat(random.nextInt());
      double d = Double.longBitsToDouble(random.nextLong());
      if (!Float.isFinite(f) || !Double.isFinite(d)) {
        continue;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
        g.writeStartArray();
        g.writeNumber(f);
        g.writeNumber(d);
        g.writeEndArray();
      }
      String[] written =
          out.toString(StandardCharsets.US_ASCII).replaceAll("[\\[\\]]", "").split(",");
      assertThat(Float.parseFloat(written[0])).as(written[0]).isEqualTo(f);
      assertThat(Double.parseDouble(written[1])).as(written[1]).isEqualTo(d);
    }
  }

  private String randomDecimal() {
    return switch (random.nextInt(4)) {
      case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL));
      case 1 -> Float.toString(random.nextInt(-1_000_000, 1_000_000) / 997f);
      case 2 -> random.nextInt(-99_999, 99_999) + "." + random.nextInt(0, 1_000_000_000);
      default ->
          random.nextInt(1, 10) + "." + random.nextInt(0, 99_999) + "e" + random.nextInt(-320, 308);
    };
  }
}
