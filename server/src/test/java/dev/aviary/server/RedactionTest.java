package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
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

  @Test
  void v1InstancesAndASingleOutputsPredictionsAreRedactedByTheTensorTheyHold() throws Exception {
    ModelSignature model =
        new ModelSignature(
            List.of(new TensorSpec("features", Datatype.FP32, new long[] {-1, 2})),
            List.of(
                new OutputSpec.TensorOutput(
                    new TensorSpec("y", Datatype.FP32, new long[] {-1, 1}))));
    Redaction.Unnamed v1 = Redaction.Unnamed.v1(model);

    JsonNode req = json("{\"instances\": [[1.5, 2.5]]}");
    Redaction.apply(req, Set.of("features"), v1.request());
    assertThat(req.get("instances").asText()).isEqualTo("REDACTED");
    JsonNode resp = json("{\"predictions\": [[6.0]]}");
    Redaction.apply(resp, Set.of("y"), v1.response());
    assertThat(resp.get("predictions").asText()).isEqualTo("REDACTED");

    JsonNode other = json("{\"instances\": [[1.5, 2.5]]}");
    Redaction.apply(other, Set.of("y"), v1.request());
    assertThat(other.at("/instances/0/1").asDouble()).isEqualTo(2.5);
  }

  @Test
  void aBodyThatIsNotJsonAndErrorsThatMayQuoteValuesAreRedactedWhole() throws Exception {
    Set<String> names = Set.of("ssn");
    assertThat(Redaction.apply(TextNode.valueOf("ssn=123"), names, Map.of()))
        .isEqualTo(Redaction.REDACTED);
    assertThat(Redaction.apply(TextNode.valueOf("ssn=123"), Set.of(), Map.of()).asText())
        .isEqualTo("ssn=123");

    JsonNode named = json("{\"error\": \"input 'ssn': data element 0 must be a string, got 1\"}");
    assertThat(Redaction.apply(named, names, Map.of()).get("error")).isEqualTo(Redaction.REDACTED);
    JsonNode syntax = json("{\"error\": \"malformed JSON at line 1: Unrecognized token '123'\"}");
    assertThat(Redaction.apply(syntax, names, Map.of()).get("error")).isEqualTo(Redaction.REDACTED);
    JsonNode other = json("{\"error\": \"missing input 'amount'\", \"trace_id\": \"t\"}");
    assertThat(Redaction.apply(other, names, Map.of()).get("error").asText())
        .isEqualTo("missing input 'amount'");
  }
}
