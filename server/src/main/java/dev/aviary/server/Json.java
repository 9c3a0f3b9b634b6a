package dev.aviary.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The one JSON configuration of the server: strict parsing with bounded nesting, fast number
 * parsing and writing.
 */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(64)
                      .maxNumberLength(400)
                      .maxStringLength(8 * 1024 * 1024)
                      .build())
              .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              // Correctly rounded like Double.parseDouble, and shortest round-tripping output,
              // at a fraction of the JDK's cost: the JDK's number parsing made about a tenth of
              // the bytes an infer request allocated.
              .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
              .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
              .build());

  /** How every JSON syntax error message starts. */
  static final String MALFORMED = "malformed JSON";

  private Json() {}

  /** Parses a request body; every parse problem becomes a 400 naming where it is. */
  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("request body is empty; expected a JSON object");
    }
    try (JsonParser p = MAPPER.createParser(body)) {
      JsonNode node = MAPPER.readTree(p);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("request body is empty; expected a JSON object");
      }
      if (p.nextToken() != null) {
        throw ApiException.badRequest(MALFORMED + ": unexpected content after the JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw ApiException.badRequest(MALFORMED + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest(MALFORMED + ": " + e.getMessage());
    }
  }

  /**
   * A body as logged: its JSON, or the body as a string when it is not JSON (a malformed request is
   * logged too, and is then redacted whole as soon as anything is to be redacted).
   */
  static JsonNode treeOrText(byte[] body) {
    try {
      return parse(body);
    } catch (ApiException e) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(
          new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** {@code s} as a JSON string literal. */
  static String quote(String s) {
    return "\""
        + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s))
        + "\"";
  }

  /** Something that reads a body with a streaming parser positioned before the first token. */
  interface StreamReader<T> {
    T read(JsonParser p) throws IOException;
  }

  /**
   * Reads a body with a streaming parser; parse problems become a 400 naming where they are, and
   * anything after the first JSON value is refused.
   */
  static <T> T stream(byte[] body, StreamReader<T> reader) {
    if (body.length == 0) {
      throw ApiException.badRequest("request body is empty; expected a JSON object");
    }
    try (JsonParser p = MAPPER.createParser(body)) {
      if (p.nextToken() == null) {
        throw ApiException.badRequest("request body is empty; expected a JSON object");
      }
      T result = reader.read(p);
      if (p.nextToken() != null) {
        throw ApiException.badRequest(MALFORMED + ": unexpected content after the JSON value");
      }
      return result;
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw ApiException.badRequest(MALFORMED + ": " + e.getMessage());
    }
  }

  private static ApiException malformed(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return ApiException.badRequest(MALFORMED + where + ": " + e.getOriginalMessage());
  }

  static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    String text = n.toString();
    String kind = n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
  }
}
