package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever the body, decoding either succeeds or is a 400 with a message; it never blows up. */
class RequestDecoderPropertiesTest {
  static final ModelSignature SIGNATURE =
      new ModelSignature(
          List.of(
              new TensorSpec("f32", Datatype.FP32, new long[] {-1, 3}),
              new TensorSpec("i64", Datatype.INT64, new long[] {-1}),
              new TensorSpec("flag", Datatype.BOOL, new long[] {-1}),
              new TensorSpec("text", Datatype.BYTES, new long[] {-1})),
          List.of(
              new OutputSpec.TensorOutput(new TensorSpec("out", Datatype.FP32, new long[] {-1}))));

  static final String VALID =
      "{\"id\":\"x\",\"inputs\":["
          + "{\"name\":\"f32\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[[1,2,3]]},"
          + "{\"name\":\"i64\",\"shape\":[1],\"datatype\":\"INT64\",\"data\":[5]},"
          + "{\"name\":\"flag\",\"shape\":[1],\"datatype\":\"BOOL\",\"data\":[true]},"
          + "{\"name\":\"text\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"a\"]}],"
          + "\"outputs\":[{\"name\":\"out\"}]}";

  @Property(tries = 500)
  void randomBytesAreEitherAcceptedOrA400(@ForAll byte[] body) {
    assertOnly400(body);
  }

  @Property(tries = 500)
  void randomJsonLikeTextIsEitherAcceptedOrA400(@ForAll("jsonish") String body) {
    assertOnly400(body.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  void everyTruncationOfAValidBodyIsA400(@ForAll @IntRange(min = 0, max = 380) int cut) {
    byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
    byte[] body = java.util.Arrays.copyOf(valid, Math.min(cut, valid.length - 1));
    assertThat(catchStatus(body)).isEqualTo(400);
  }

  @Property(tries = 500)
  void mutatedValidBodiesAreEitherAcceptedOrA400(
      @ForAll @IntRange(min = 0, max = 380) int at, @ForAll("tokens") String insert) {
    int i = Math.min(at, VALID.length());
    assertOnly400(
        (VALID.substring(0, i) + insert + VALID.substring(i)).getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> jsonish() {
    return Arbitraries.strings()
        .withChars("{}[]\":,0123456789.-eE truefalsnul\\")
        .withChars("namedatatypeshapeinputsoutputsFP32INT64BOOLBYTES")
        .ofMaxLength(200);
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.of(
        "",
        "[",
        "]",
        "{",
        "}",
        ",",
        "\"",
        "null",
        "-1",
        "1e999",
        "NaN",
        "[[[[",
        "\"FP64\"",
        "0",
        "9223372036854775808",
        "true",
        "\"\\u0000\"",
        "1.5",
        "[]",
        "{}");
  }

  private static void assertOnly400(byte[] body) {
    int status = catchStatus(body);
    assertThat(status).isIn(200, 400);
  }

  /** 200 if decoding succeeded, else the status of the ApiException; anything else fails. */
  private static int catchStatus(byte[] body) {
    try {
      RequestDecoder.decodeInfer(body, SIGNATURE);
      RequestDecoder.decodePredict(
          body, new ModelSignature(SIGNATURE.inputs().subList(0, 1), SIGNATURE.outputs()), "m");
      return 200;
    } catch (ApiException e) {
      assertThat(e.getMessage()).isNotBlank();
      return e.status();
    }
  }
}
