package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  @Test
  void theDataOfListedTensorsAndListedFieldsAreReplacedAtAnyDepth() throws Exception {
    JsonNode n =
        json(
            """
            {"id": "r1", "parameters": {"customer": "alice"},
             "inputs": [{"name": "ssn", "datatype": "BYTES", "shape": [1], "data": ["123"]},
                        {"name": "amount", "datatype": "FP32", "shape": [1], "data": [9.5]}]}
            """);
    Redaction.apply(n, Set.of("ssn", "customer"));
    assertThat(n.at("/inputs/0/data").asText()).isEqualTo("REDACTED");
    assertThat(n.at("/inputs/0/shape/0").asInt()).isEqualTo(1);
    assertThat(n.at("/inputs/1/data/0").asDouble()).isEqualTo(9.5);
    assertThat(n.at("/parameters/customer").asText()).isEqualTo("REDACTED");
    assertThat(n.get("id").asText()).isEqualTo("r1");
  }

  @Test
  void grpcTypedContentsAreRedactedByNameAndRawBytesAsAWhole() throws Exception {
    JsonNode n =
        json(
            """
            {"inputs": [{"name": "ssn", "contents": {"bytesContents": ["MTIz"]}},
                        {"name": "x", "contents": {"fp32Contents": [1.0]}}],
             "rawInputContents": ["AAAA"]}
            """);
    Redaction.apply(n, Set.of("ssn"));
    assertThat(n.at("/inputs/0/contents").asText()).isEqualTo("REDACTED");
    assertThat(n.at("/inputs/1/contents/fp32Contents/0").asDouble()).isEqualTo(1.0);
    assertThat(n.get("rawInputContents").asText()).isEqualTo("REDACTED");
  }

  @Test
  void nothingChangesWhenNothingIsListed() throws Exception {
    JsonNode n = json("{\"rawInputContents\": [\"AAAA\"], \"a\": 1}");
    assertThat(Redaction.apply(n.deepCopy(), Set.of())).isEqualTo(n);
  }
}
