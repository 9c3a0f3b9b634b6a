package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint and error case of a running server, over real loopback HTTP. */
class ModelServerIT {
  @TempDir static Path repo;
  static ModelServer server;
  static TestHttp http;

  static final String ALL_TYPES_BODY =
"""
{"id": "req-1", "parameters": {"anything": 1}, "inputs": [
  {"name": "f32", "shape": [2, 3], "datatype": "FP32", "data": [[1, 2, 3], [4, 5, 6.5]]},
  {"name": "f64", "shape": [2, 2], "datatype": "FP64", "data": [0.1, 0.2, 0.3, 0.4]},
  {"name": "i32", "shape": [2], "datatype": "INT32", "data": [7, -8]},
  {"name": "i64", "shape": [2, 2], "datatype": "INT64", "data": [[9007199254740993, 2], [3, 4]]},
  {"name": "flag", "shape": [2], "datatype": "BOOL", "data": [true, false]},
  {"name": "text", "shape": [2], "datatype": "BYTES", "data": ["héllo", ""]}
]}
""";

  @BeforeAll
  static void start() {
    TestModels.allTypes(repo.resolve("types/1/model.onnx"));
    TestModels.classifier(repo.resolve("fraud/2/model.onnx"));
    TestModels.classifier(repo.resolve("fraud/10/model.onnx"));
    TestModels.stringClassifier(repo.resolve("labels/1/model.onnx"));
    TestModels.regressor(repo.resolve("price/1/model.onnx"));
    TestModels.reshapeToOne(repo.resolve("fragile/1/model.onnx"));
    server =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(repo))
                .host("127.0.0.1")
                .port(0)
                .maxRequestBytes(64 * 1024)
                .build());
    http = new TestHttp(server.port());
    await().atMost(Duration.ofSeconds(30)).until(server::isReady);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Nested
  class Probes {
    @Test
    void livenessAnswersOnBothPaths() {
      assertThat(http.get("/healthz").status()).isEqualTo(200);
      assertThat(http.get("/v2/health/live").json().get("live").asBoolean()).isTrue();
    }

    @Test
    void readinessListsEveryModelVersionAsReady() {
      TestHttp.Reply r = http.get("/readyz");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("ready").asBoolean()).isTrue();
      assertThat(r.json().get("models")).hasSize(6);
      r.json().get("models").forEach(m -> assertThat(m.get("state").asText()).isEqualTo("READY"));
      assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
    }
  }

  @Nested
  class Metadata {
    @Test
    void serverMetadataNamesTheServer() {
      JsonNode n = http.get("/v2").json();
      assertThat(n.get("name").asText()).isEqualTo("aviary");
      assertThat(n.get("version").asText()).isNotEmpty();
      assertThat(n.get("extensions").isArray()).isTrue();
    }

    @Test
    void modelMetadataDescribesInputsAndOutputs() {
      JsonNode n = http.get("/v2/models/types").json();
      assertThat(n.get("name").asText()).isEqualTo("types");
      assertThat(n.get("platform").asText()).isEqualTo("onnxruntime_onnx");
      assertThat(n.get("inputs").get(0).toString())
          .isEqualTo("{\"name\":\"f32\",\"datatype\":\"FP32\",\"shape\":[-1,3]}");
      assertThat(n.get("inputs"))
          .extracting(i -> i.get("datatype").asText())
          .containsExactly("FP32", "FP64", "INT32", "INT64", "BOOL", "BYTES");
      assertThat(n.get("outputs")).hasSize(6);
    }

    @Test
    void versionsAreOrderedNumericallyAndTheNewestAnswersByDefault() {
      JsonNode n = http.get("/v2/models/fraud").json();
      assertThat(n.get("versions").toString()).isEqualTo("[\"2\",\"10\"]");
      JsonNode infer = http.post("/v2/models/fraud/infer", classifierBody(1)).json();
      assertThat(infer.get("model_version").asText()).isEqualTo("10");
      assertThat(http.get("/v2/models/fraud/versions/2").status()).isEqualTo(200);
      JsonNode v2 = http.post("/v2/models/fraud/versions/2/infer", classifierBody(1)).json();
      assertThat(v2.get("model_version").asText()).isEqualTo("2");
    }

    @Test
    void modelReadyAnswersPerVersion() {
      JsonNode n = http.get("/v2/models/fraud/versions/2/ready").json();
      assertThat(n.get("ready").asBoolean()).isTrue();
      assertThat(n.get("version").asText()).isEqualTo("2");
      assertThat(http.get("/v2/models/fraud/ready").json().get("version").asText()).isEqualTo("10");
    }

    @Test
    void probabilityMapOutputsAreDescribedAsTensors() {
      JsonNode out = http.get("/v2/models/fraud").json().get("outputs").get(2);
      assertThat(out.get("name").asText()).isEqualTo("probabilities");
      assertThat(out.get("datatype").asText()).isEqualTo("FP32");
      assertThat(out.get("shape").toString()).isEqualTo("[-1,-1]");
    }
  }

  @Nested
  class Inference {
    @Test
    void everyDatatypeRoundTripsThroughTheModel() {
      TestHttp.Reply r = http.post("/v2/models/types/infer", ALL_TYPES_BODY);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode n = r.json();
      assertThat(n.get("model_name").asText()).isEqualTo("types");
      assertThat(n.get("model_version").asText()).isEqualTo("1");
      assertThat(n.get("id").asText()).isEqualTo("req-1");
      JsonNode out = n.get("outputs");
      assertThat(out.get(0).toString())
          .isEqualTo(
              "{\"name\":\"f32_doubled\",\"datatype\":\"FP32\",\"shape\":[2,3],"
                  + "\"data\":[2.0,4.0,6.0,8.0,10.0,13.0]}");
      assertThat(out.get(1).get("data").toString()).isEqualTo("[0.1,0.2,0.3,0.4]");
      assertThat(out.get(1).get("datatype").asText()).isEqualTo("FP64");
      assertThat(out.get(2).get("data").toString()).isEqualTo("[7,-8]");
      assertThat(out.get(3).get("data").toString()).isEqualTo("[9007199254740993,2,3,4]");
      assertThat(out.get(4).toString())
          .isEqualTo(
              "{\"name\":\"flag_not\",\"datatype\":\"BOOL\",\"shape\":[2],\"data\":[false,true]}");
      assertThat(out.get(5).get("data").toString()).isEqualTo("[\"héllo\",\"\"]");
      assertThat(out.get(5).get("datatype").asText()).isEqualTo("BYTES");
    }

    @Test
    void requestedOutputsAreTheOnlyOnesReturnedInTheRequestedOrder() {
      String body =
          ALL_TYPES_BODY.replace(
              "\"inputs\"",
              "\"outputs\": [{\"name\": \"text_out\"}, {\"name\": \"i32_out\", \"parameters\":"
                  + " {}}], \"inputs\"");
      JsonNode out = http.post("/v2/models/types/infer", body).json().get("outputs");
      assertThat(out)
          .extracting(o -> o.get("name").asText())
          .containsExactly("text_out", "i32_out");
    }

    @Test
    void classifierReturnsLabelsScoresAndProbabilityMapsAsTensors() {
      String body =
          """
          {"inputs": [{"name": "features", "shape": [2, 2], "datatype": "FP32",
                       "data": [3, 0, 0, 3]}]}
          """;
      JsonNode out = http.post("/v2/models/fraud/infer", body).json().get("outputs");
      assertThat(out.get(0).toString())
          .isEqualTo("{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[1,0]}");
      JsonNode probs = out.get(2);
      assertThat(probs.get("name").asText()).isEqualTo("probabilities");
      assertThat(probs.get("datatype").asText()).isEqualTo("FP32");
      assertThat(probs.get("shape").toString()).isEqualTo("[2,2]");
      assertThat(probs.get("parameters").get("classes").toString()).isEqualTo("[0,1]");
      assertThat(probs.get("data").get(1).asDouble()).isGreaterThan(0.99);
      assertThat(probs.get("data").get(2).asDouble()).isGreaterThan(0.99);
      assertThat(probs.get("data").get(0).asDouble() + probs.get("data").get(1).asDouble())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void stringClassesAreReturnedAsLabelsAndClassNames() {
      JsonNode out = http.post("/v2/models/labels/infer", classifierBody(1)).json().get("outputs");
      assertThat(out.get(0).get("datatype").asText()).isEqualTo("BYTES");
      assertThat(out.get(0).get("data").get(0).asText()).isIn("legit", "fraud");
      assertThat(out.get(1).get("parameters").get("classes").toString())
          .isEqualTo("[\"fraud\",\"legit\"]");
    }

    @Test
    void v1PredictGivesOnePredictionPerInstance() {
      TestHttp.Reply r =
          http.post("/v1/models/price:predict", "{\"instances\": [[1, 1], [2, 0], [0, 0]]}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().toString()).isEqualTo("{\"predictions\":[[6.0],[5.0],[1.0]]}");
    }

    @Test
    void v1PredictOnAClassifierKeysPredictionsByOutputAndProbabilitiesByClass() {
      JsonNode p =
          http.post("/v1/models/fraud:predict", "{\"instances\": [[3, 0]]}")
              .json()
              .get("predictions");
      assertThat(p).hasSize(1);
      assertThat(p.get(0).get("label").asLong()).isEqualTo(1);
      assertThat(p.get(0).get("probabilities").get("1").asDouble()).isGreaterThan(0.99);
      assertThat(p.get(0).get("scores").size()).isEqualTo(2);
    }

    @Test
    void v1PredictWithAVersionUsesThatVersion() {
      assertThat(
              http.post("/v1/models/fraud/versions/2:predict", "{\"instances\": [[1, 2]]}")
                  .status())
          .isEqualTo(200);
    }

    @Test
    void traceparentIsHonouredAndTheTraceIdReturned() {
      String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
      TestHttp.Reply r =
          http.post(
              "/v2/models/price/infer",
              regressorBody(),
              Map.of("traceparent", "00-" + trace + "-00f067aa0ba902b7-01"));
      assertThat(r.header("X-Trace-Id")).isEqualTo(trace);
      assertThat(http.get("/healthz").header("X-Trace-Id")).matches("[0-9a-f]{32}");
    }

    @Test
    void manyConcurrentRequestsShareOneSessionAndAllGetTheirOwnAnswer() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
          int x = i;
          results.add(
              pool.submit(
                  () -> {
                    String body =
                        "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 2], \"datatype\": \"FP32\","
                            + " \"data\": ["
                            + x
                            + ", 1]}]}";
                    JsonNode out = http.post("/v2/models/price/infer", body).json();
                    return out.get("outputs").get(0).get("data").get(0).asDouble() == 2.0 * x + 4;
                  }));
        }
        for (Future<Boolean> f : results) {
          assertThat(f.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class Errors {
    @Test
    void malformedJsonIs400() {
      TestHttp.Reply r = http.post("/v2/models/price/infer", "{\"inputs\": [");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText()).startsWith("malformed JSON");
    }

    @Test
    void unknownInputIs400NamingIt() {
      TestHttp.Reply r =
          http.post(
              "/v2/models/price/infer",
              "{\"inputs\": [{\"name\": \"z\", \"shape\": [1], \"datatype\": \"FP32\", \"data\":"
                  + " [1]}]}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText())
          .isEqualTo("unknown input 'z'; model inputs are [x]");
    }

    @Test
    void missingInputIs400() {
      TestHttp.Reply r = http.post("/v2/models/price/infer", "{\"inputs\": []}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText())
          .startsWith("missing input 'x' (FP32, shape [-1, 2])");
    }

    @Test
    void shapeMismatchIs400WithExpectedAndActual() {
      TestHttp.Reply r =
          http.post(
              "/v2/models/price/infer",
              "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], \"datatype\": \"FP32\", \"data\":"
                  + " [1, 2, 3]}]}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText())
          .isEqualTo("input 'x': shape [1, 3] does not match the model's [-1, 2] (-1 is any size)");
    }

    @Test
    void datatypeMismatchIs400() {
      TestHttp.Reply r =
          http.post(
              "/v2/models/price/infer",
              "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 2], \"datatype\": \"FP64\", \"data\":"
                  + " [1, 2]}]}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText())
          .isEqualTo("input 'x': datatype FP64 does not match the model's FP32");
    }

    @Test
    void elementCountMismatchIs400() {
      TestHttp.Reply r =
          http.post(
              "/v2/models/price/infer",
              "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 2], \"datatype\": \"FP32\", \"data\":"
                  + " [1, 2, 3]}]}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText())
          .isEqualTo("input 'x': shape [2, 2] needs 4 elements but 'data' has 3");
    }

    @Test
    void dataNestedOtherwiseThanItsShapeIs400AndFlatOrMatchingDataIsServed() {
      String flat = "[4, 1, 0, 2]";
      String nested = "[[4, 1], [0, 2]]";
      for (String data : new String[] {flat, nested}) {
        TestHttp.Reply ok = http.post("/v2/models/price/infer", priceBody("[2, 2]", data));
        assertThat(ok.status()).as(data).isEqualTo(200);
        assertThat(ok.json().at("/outputs/0/data").toString()).isEqualTo("[12.0,7.0]");
      }

      TestHttp.Reply split =
          http.post("/v2/models/price/infer", priceBody("[2, 2]", "[[4, 1, 0, 2]]"));
      assertThat(split.status()).isEqualTo(400);
      assertThat(split.raw().headers().firstValue("content-type")).hasValue("application/json");
      assertThat(split.json().get("error").asText())
          .isEqualTo(
              "input 'x': 'data' is nested as [1, 4] but 'shape' is [2, 2]; give 'data' flat (4"
                  + " elements in row-major order) or nested as the shape");

      TestHttp.Reply ragged =
          http.post("/v2/models/price/infer", priceBody("[2, 2]", "[[4, 1], [0, 2, 5]]"));
      assertThat(ragged.status()).isEqualTo(400);
      assertThat(ragged.json().get("error").asText())
          .isEqualTo(
              "input 'x': data[1] has 3 elements but data[0] has 2 (nested arrays must be"
                  + " rectangular)");
    }

    private static String priceBody(String shape, String data) {
      return "{\"inputs\": [{\"name\": \"x\", \"shape\": "
          + shape
          + ", \"datatype\": \"FP32\", \"data\": "
          + data
          + "}]}";
    }

    @Test
    void nanIsRejectedAsBareTokenAndAsString() {
      TestHttp.Reply bare =
          http.post(
              "/v2/models/price/infer",
              "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 2], \"datatype\": \"FP32\", \"data\":"
                  + " [NaN, 1]}]}");
      assertThat(bare.status()).isEqualTo(400);
      assertThat(bare.json().get("error").asText()).startsWith("malformed JSON");
      TestHttp.Reply quoted =
          http.post(
              "/v2/models/price/infer",
              "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 2], \"datatype\": \"FP32\", \"data\":"
                  + " [\"NaN\", 1]}]}");
      assertThat(quoted.status()).isEqualTo(400);
      assertThat(quoted.json().get("error").asText())
          .isEqualTo(
              "input 'x': data element 0 (FP32) must be a number (NaN and Infinity are not"
                  + " accepted), got string \"NaN\"");
    }

    @Test
    void unknownModelAndVersionAre404() {
      TestHttp.Reply model = http.post("/v2/models/nope/infer", regressorBody());
      assertThat(model.status()).isEqualTo(404);
      assertThat(model.json().get("error").asText()).startsWith("unknown model 'nope'");
      TestHttp.Reply version = http.get("/v2/models/fraud/versions/3");
      assertThat(version.status()).isEqualTo(404);
      assertThat(version.json().get("error").asText())
          .isEqualTo("model 'fraud' has no version '3'; versions: 2, 10");
      assertThat(http.get("/v2/models/nope/ready").status()).isEqualTo(404);
      assertThat(http.post("/v1/models/nope:predict", "{}").status()).isEqualTo(404);
      assertThat(http.get("/nothing/here").status()).isEqualTo(404);
    }

    @Test
    void wrongMethodIs405WithAllowHeader() {
      TestHttp.Reply get = http.get("/v2/models/price/infer");
      assertThat(get.status()).isEqualTo(405);
      assertThat(get.header("Allow")).isEqualTo("POST");
      assertThat(get.json().get("error").asText()).contains("use POST");
      TestHttp.Reply post = http.post("/readyz", "");
      assertThat(post.status()).isEqualTo(405);
      assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
      TestHttp.Reply head = http.method("HEAD", "/readyz");
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(http.method("DELETE", "/v2/models/price").status()).isEqualTo(405);
    }

    @Test
    void bodyOverTheLimitIs413() {
      byte[] big = new byte[70 * 1024];
      java.util.Arrays.fill(big, (byte) ' ');
      TestHttp.Reply r = http.postBytes("/v2/models/price/infer", big);
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.json().get("error").asText()).contains("--max-request-bytes");
      assertThat(http.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() throws Exception {
      java.net.http.HttpClient client =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .build();
      byte[] big = new byte[70 * 1024];
      java.util.Arrays.fill(big, (byte) '[');
      java.net.http.HttpResponse<String> r =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://127.0.0.1:" + server.port() + "/v2/models/price/infer"))
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                          () -> new java.io.ByteArrayInputStream(big)))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void garbageOnTheSocketDoesNotHurtTheServer() throws Exception {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
        s.getOutputStream().write("\u0000\u0001GARBAGE / HTTP/9.9\r\n\r\n{{{".getBytes());
        s.getOutputStream().flush();
        s.setSoTimeout(5000);
        s.getInputStream().read(new byte[1024]);
      } catch (java.io.IOException expected) {
        // The server may answer 400 or just close the connection; both are fine.
      }
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
        s.getOutputStream()
            .write(
                "POST /v2/models/price/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"in"
                    .getBytes());
        // Hang up half-way through the body.
      }
      assertThat(http.get("/healthz").status()).isEqualTo(200);
      assertThat(http.post("/v2/models/price/infer", regressorBody()).status()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  http.get("/metrics")
                      .body()
                      .contains("aviary_http_server_requests_in_flight 1.0"));
    }

    @Test
    void oddRequestLinesAreAnsweredWithoutA500() throws Exception {
      String[] lines = {
        "GET * HTTP/1.1",
        "GET http://host/v2 HTTP/1.1",
        "GET /%zz HTTP/1.1",
        "GET //// HTTP/1.1",
        "GET relative HTTP/1.1",
        "GET /v2/models/%00 HTTP/1.1",
        "GET /v2/models//ready HTTP/1.1",
        "BREW /v2 HTTP/1.1",
        "GET /v2/models/%C3%28 HTTP/1.1",
        "OPTIONS * HTTP/1.1",
        "CONNECT host:443 HTTP/1.1",
        "POST /v2/models/price/infer HTTP/1.1\r\nContent-Length: -5"
      };
      for (String line : lines) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
          s.setSoTimeout(5000);
          s.getOutputStream().write((line + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes());
          String status =
              new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()))
                  .readLine();
          assertThat(status).as(line).matches("HTTP/1\\.1 (200|400|404|405) .*");
        }
      }
      assertThat(http.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void v1PredictOnAMultiInputModelIs400PointingToV2() {
      TestHttp.Reply r = http.post("/v1/models/types:predict", "{\"instances\": [1]}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText()).contains("exactly one input");
    }

    @Test
    void v1PredictWithRaggedInstancesIs400() {
      TestHttp.Reply r = http.post("/v1/models/price:predict", "{\"instances\": [[1, 2], [3]]}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText())
          .isEqualTo(
              "instances[1] has 1 element but instances[0] has 2 (nested arrays must be"
                  + " rectangular)");
    }

    @Test
    void aModelFailingInTheRuntimeIs500WithTheTraceIdAndTheServerCarriesOn() {
      TestHttp.Reply r;
      try (LogCapture logs = new LogCapture()) {
        r =
            http.post(
                "/v2/models/fragile/infer",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [3], \"datatype\": \"FP32\", \"data\":"
                    + " [1, 2, 3]}]}");
        String trace = r.header("X-Trace-Id");
        assertThat(logs.events())
            .anySatisfy(
                e -> {
                  assertThat(e.getMDCPropertyMap())
                      .containsEntry("trace.id", trace)
                      .containsEntry("model.name", "fragile");
                  assertThat(e.getThrowableProxy().getClassName())
                      .isEqualTo("ai.onnxruntime.OrtException");
                });
      }
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.json().get("error").asText())
          .startsWith("the model failed to run: ")
          .endsWith("(trace id " + r.header("X-Trace-Id") + ")");
      assertThat(r.json().get("trace_id").asText()).isEqualTo(r.header("X-Trace-Id"));
      assertThat(
              http.post(
                      "/v2/models/fragile/infer",
                      "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\","
                          + " \"data\": [1]}]}")
                  .status())
          .isEqualTo(200);
      assertThat(http.get("/metrics").body())
          .contains(
              "aviary_inference_requests_total{model=\"fragile\",outcome=\"server_error\",version=\"1\"}");
    }

    @Test
    void unknownRequestedOutputIs400() {
      String body =
          regressorBody().replace("{\"inputs\"", "{\"outputs\": [{\"name\": \"q\"}], \"inputs\"");
      TestHttp.Reply r = http.post("/v2/models/price/infer", body);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText())
          .isEqualTo("unknown output 'q' requested; model outputs are [y]");
    }
  }

  @Nested
  class Metrics {
    @Test
    void exposesRequestLatencyModelAndPredictionMetrics() {
      http.post("/v2/models/fraud/infer", classifierBody(3));
      http.post("/v2/models/price/infer", regressorBody());
      TestHttp.Reply r = http.get("/metrics");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/plain");
      assertThat(r.body())
          .contains(
              "aviary_inference_requests_total{model=\"fraud\",outcome=\"success\",version=\"10\"}")
          .contains("aviary_inference_duration_seconds_bucket{model=\"price\"")
          .contains("aviary_http_server_requests_in_flight")
          .contains("aviary_model_load_duration_seconds{model=\"fraud\",version=\"2\"}")
          .contains("aviary_model_warmup_duration_seconds{model=\"types\",version=\"1\"}")
          .contains(
              "aviary_predictions_total{class=\"1\",model=\"fraud\",output=\"label\",version=\"10\"}")
          .contains("aviary_prediction_probability_bucket{class=\"0\",model=\"fraud\"")
          .contains(
              "aviary_prediction_value_bucket{model=\"price\",output=\"y\",version=\"1\",le=\"1.0\"}")
          .contains("jvm_memory_used_bytes")
          .contains("process_cpu_usage");
    }

    @Test
    void promtoolAcceptsTheMetrics() throws Exception {
      Path promtool = Path.of("/usr/bin/promtool");
      org.junit.jupiter.api.Assumptions.assumeTrue(
          Files.isExecutable(promtool) || onPath("promtool"), "promtool is not installed");
      http.post("/v2/models/fraud/infer", classifierBody(2));
      http.post("/v2/models/types/infer", ALL_TYPES_BODY);
      http.post("/v2/models/price/infer", "{");
      String metrics = http.get("/metrics").body();
      Process p =
          new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
      try (var out = p.getOutputStream()) {
        out.write(metrics.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      String report = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(report).isEqualTo(0);
    }
  }

  static boolean onPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }

  static String classifierBody(int rows) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      data.append(i == 0 ? "" : ", ").append(i).append(", ").append(rows - i);
    }
    return "{\"inputs\": [{\"name\": \"features\", \"shape\": ["
        + rows
        + ", 2], \"datatype\": \"FP32\", \"data\": ["
        + data
        + "]}]}";
  }

  static String regressorBody() {
    return "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 2], \"datatype\": \"FP32\", \"data\":"
        + " [1, 1]}]}";
  }
}
