package dev.aviary.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcInferBodyTest {
  @Test
  void anOipJsonRequestBecomesAModelInferRequestWithRawContents() throws Exception {
    String json =
        """
        {"id": "r1", "inputs": [{"name": "input", "datatype": "FP32", "shape": [2, 2],
          "data": [[1, 2], [3, 4.5]]}]}
        """;
    byte[] bytes = GrpcInferBody.fromJson(json.getBytes(StandardCharsets.UTF_8), "fraud");
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    String model = null;
    String id = null;
    List<byte[]> inputs = new ArrayList<>();
    List<byte[]> raw = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> model = in.readString();
        case 3 -> id = in.readString();
        case 5 -> inputs.add(in.readByteArray());
        case 7 -> raw.add(in.readByteArray());
        default -> throw new AssertionError("unexpected field " + tag);
      }
    }
    assertThat(model).isEqualTo("fraud");
    assertThat(id).isEqualTo("r1");
    assertThat(inputs).hasSize(1);
    CodedInputStream t = CodedInputStream.newInstance(inputs.get(0));
    assertThat(WireFormat.getTagFieldNumber(t.readTag())).isEqualTo(1);
    assertThat(t.readString()).isEqualTo("input");
    assertThat(WireFormat.getTagFieldNumber(t.readTag())).isEqualTo(2);
    assertThat(t.readString()).isEqualTo("FP32");
    assertThat(WireFormat.getTagFieldNumber(t.readTag())).isEqualTo(3);
    assertThat(t.readInt64()).isEqualTo(2);
    ByteBuffer data = ByteBuffer.wrap(raw.get(0)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(data.remaining()).isEqualTo(16);
    assertThat(new float[] {data.getFloat(), data.getFloat(), data.getFloat(), data.getFloat()})
        .containsExactly(1f, 2f, 3f, 4.5f);
  }

  @Test
  void unsupportedDatatypesAreNamed() {
    String json =
        "{\"inputs\": [{\"name\": \"t\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\":"
            + " [\"a\"]}]}";
    assertThatThrownBy(() -> GrpcInferBody.fromJson(json.getBytes(StandardCharsets.UTF_8), "m"))
        .hasMessageContaining("not BYTES");
  }
}
