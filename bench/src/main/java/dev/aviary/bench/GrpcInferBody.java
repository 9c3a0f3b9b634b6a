package dev.aviary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an OIP REST infer request (JSON) into the bytes of the equivalent gRPC {@code
 * inference.ModelInferRequest}, with the tensor data in {@code raw_input_contents} (little-endian),
 * the form fast gRPC clients send. Written with the protobuf wire format directly, so the load
 * generator needs no generated classes. Supports FP32, FP64, INT32 and INT64 inputs.
 */
final class GrpcInferBody {
  private GrpcInferBody() {}

  static byte[] fromJson(byte[] json, String model) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(1, model);
    if (root.hasNonNull("id")) {
      out.writeString(3, root.get("id").asText());
    }
    List<byte[]> raw = new ArrayList<>();
    for (JsonNode in : root.get("inputs")) {
      String datatype = in.get("datatype").asText();
      ByteArrayOutputStream t = new ByteArrayOutputStream();
      CodedOutputStream tensor = CodedOutputStream.newInstance(t);
      tensor.writeString(1, in.get("name").asText());
      tensor.writeString(2, datatype);
      for (JsonNode d : in.get("shape")) {
        tensor.writeInt64(3, d.asLong());
      }
      tensor.flush();
      out.writeByteArray(5, t.toByteArray());
      raw.add(rawData(flatten(in.get("data"), new ArrayList<>()), datatype));
    }
    for (byte[] r : raw) {
      out.writeByteArray(7, r);
    }
    out.flush();
    return bytes.toByteArray();
  }

  private static List<JsonNode> flatten(JsonNode n, List<JsonNode> into) {
    if (n.isArray()) {
      n.forEach(e -> flatten(e, into));
    } else {
      into.add(n);
    }
    return into;
  }

  private static byte[] rawData(List<JsonNode> values, String datatype) {
    int size =
        switch (datatype) {
          case "FP32", "INT32" -> 4;
          case "FP64", "INT64" -> 8;
          default ->
              throw new IllegalArgumentException(
                  "the gRPC mode sends FP32, FP64, INT32 and INT64 inputs, not " + datatype);
        };
    ByteBuffer b = ByteBuffer.allocate(values.size() * size).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode v : values) {
      switch (datatype) {
        case "FP32" -> b.putFloat((float) v.asDouble());
        case "FP64" -> b.putDouble(v.asDouble());
        case "INT32" -> b.putInt(v.asInt());
        default -> b.putLong(v.asLong());
      }
    }
    return b.array();
  }
}
