package dev.aviary.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few Open Inference Protocol v2 calls the demo makes, over plain JDK HTTP. */
final class OipClient {

  record Reply(int status, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI base;

  OipClient(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  Reply get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout()).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

  Reply post(String path, String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout())
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

  /**
   * Scores a batch of FP32 rows with one model version and returns the first output as rows
   * (for the fraud models: class probabilities per row).
   */
  float[][] infer(String model, String version, String input, float[][] rows)
      throws IOException, InterruptedException {
    int width = rows[0].length;
    ObjectNode request = JSON.createObjectNode();
    ObjectNode tensor = request.putArray("inputs").addObject();
    tensor.put("name", input);
    tensor.putArray("shape").add(rows.length).add(width);
    tensor.put("datatype", "FP32");
    ArrayNode data = tensor.putArray("data");
    for (float[] row : rows) {
      for (float value : row) {
        data.add(value);
      }
    }
    String path = "/v2/models/" + model + "/versions/" + version + "/infer";
    Reply reply = post(path, JSON.writeValueAsString(request));
    if (reply.status() != 200) {
      throw new IOException("POST " + path + " answered " + reply.status() + ": " + reply.body());
    }
    JsonNode output = JSON.readTree(reply.body()).path("outputs").path(0);
    int outRows = output.path("shape").path(0).asInt();
    int outWidth = output.path("shape").path(1).asInt(1);
    JsonNode values = output.path("data");
    float[][] result = new float[outRows][outWidth];
    for (int r = 0; r < outRows; r++) {
      for (int c = 0; c < outWidth; c++) {
        result[r][c] = (float) values.path(r * outWidth + c).asDouble();
      }
    }
    return result;
  }

  private static Duration timeout() {
    return Duration.ofSeconds(30);
  }
}
