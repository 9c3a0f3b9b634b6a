package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Random and truncated bodies over HTTP never get a 500, and the server stays healthy. */
class RandomBodiesIT {
  static ModelServer server;
  static TestHttp http;
  static Path repo;

  static final String[] PATHS = {
    "/v2/models/types/infer",
    "/v2/models/fraud/infer",
    "/v1/models/fraud:predict",
    "/v1/models/types:predict"
  };

  @BeforeContainer
  static void start() throws Exception {
    repo = Files.createTempDirectory("aviary-random-bodies");
    TestModels.allTypes(repo.resolve("types/1/model.onnx"));
    TestModels.classifier(repo.resolve("fraud/1/model.onnx"));
    server =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(repo))
                .host("127.0.0.1")
                .port(0)
                .drainDelay(Duration.ZERO)
                .build());
    http = new TestHttp(server.port());
    await().atMost(Duration.ofSeconds(30)).until(server::isReady);
  }

  @AfterContainer
  static void stop() {
    server.close();
    assertThat(server.isReady()).isFalse();
  }

  @Property(tries = 150)
  void randomBodiesNeverGetA500(
      @ForAll("bodies") String body, @ForAll @IntRange(min = 0, max = 3) int path) {
    TestHttp.Reply r = http.post(PATHS[path], body);
    assertThat(r.status()).as(body).isIn(200, 400);
    assertThat(r.json().isObject()).isTrue();
  }

  @Property(tries = 150)
  void truncatedValidBodiesGet400(@ForAll @IntRange(min = 0, max = 600) int cut) {
    byte[] valid = ModelServerIT.ALL_TYPES_BODY.getBytes(StandardCharsets.UTF_8);
    byte[] body = java.util.Arrays.copyOf(valid, Math.min(cut, valid.length - 3));
    TestHttp.Reply r = http.postBytes("/v2/models/types/infer", body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(http.get("/readyz").status()).isEqualTo(200);
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> noise =
        Arbitraries.strings().withChars("{}[]\":,0123456789.-e truefalsnul").ofMaxLength(300);
    Arbitrary<String> mutated =
        Arbitraries.integers()
            .between(0, ModelServerIT.ALL_TYPES_BODY.length())
            .flatMap(
                i ->
                    Arbitraries.of(
                            "[", "]", "}", "\"x\"", "1e999", "-1", "null", "[[1]]", "{}", "9e18")
                        .map(
                            t ->
                                ModelServerIT.ALL_TYPES_BODY.substring(0, i)
                                    + t
                                    + ModelServerIT.ALL_TYPES_BODY.substring(i)));
    return Arbitraries.oneOf(noise, mutated, Arbitraries.strings().ofMaxLength(100));
  }
}
