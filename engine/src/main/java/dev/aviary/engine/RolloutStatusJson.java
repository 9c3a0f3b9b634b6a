package dev.aviary.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.spec.condition.Value;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON form of {@link RolloutStatus}, for backends that store it (a database row, a Kubernetes
 * status field). Instants are ISO-8601 strings; measured values are a number or an array of
 * numbers. Unknown fields are ignored so that a status written by a newer version still reads.
 */
public final class RolloutStatusJson {
  private static final ObjectMapper MAPPER = mapper();

  private RolloutStatusJson() {}

  public static String write(RolloutStatus status) {
    try {
      return MAPPER.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write status: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads a status; throws {@link IllegalArgumentException} saying what is wrong. */
  public static RolloutStatus read(String json) {
    try {
      RolloutStatus s = MAPPER.readValue(json, RolloutStatus.class);
      if (s == null) {
        throw new IllegalArgumentException("not a rollout status: null");
      }
      return s;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a rollout status: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * What a list of deployments shows of one (the same on both backends): name, phase, message,
   * stable and candidate revision, step and weights; only name and {@code Pending} before the
   * engine has run.
   */
  public static ObjectNode summary(String name, RolloutStatus s) {
    ObjectNode n = MAPPER.createObjectNode().put("name", name);
    if (s == null) {
      n.put("phase", "Pending");
      return n;
    }
    n.put("phase", s.phase().name()).put("message", s.message());
    n.put("stable", s.stable() == null ? null : s.stable().toString());
    n.put("candidate", s.candidate() == null ? null : s.candidate().toString());
    n.put("step", s.currentStep());
    n.set("weights", MAPPER.valueToTree(s.weights()));
    return n;
  }

  private static ObjectMapper mapper() {
    SimpleModule m = new SimpleModule("aviary-status");
    m.addSerializer(Instant.class, new InstantSerializer());
    m.addDeserializer(Instant.class, new InstantDeserializer());
    m.addSerializer(Value.class, new ValueSerializer());
    m.addDeserializer(Value.class, new ValueDeserializer());
    return new ObjectMapper()
        .registerModule(m)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeString(v.toString());
    }
  }

  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
      try {
        return Instant.parse(p.getValueAsString());
      } catch (RuntimeException e) {
        return (Instant) c.handleWeirdStringValue(Instant.class, p.getText(), "not an instant");
      }
    }
  }

  private static final class ValueSerializer extends JsonSerializer<Value> {
    @Override
    public void serialize(Value v, JsonGenerator g, SerializerProvider p) throws IOException {
      if (v instanceof Value.Scalar s) {
        number(g, s.value());
      } else {
        g.writeStartArray();
        for (double d : ((Value.Vector) v).values()) {
          number(g, d);
        }
        g.writeEndArray();
      }
    }

    private static void number(JsonGenerator g, double d) throws IOException {
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeString(Double.toString(d)); // NaN, Infinity, -Infinity
      }
    }
  }

  private static final class ValueDeserializer extends JsonDeserializer<Value> {
    @Override
    public Value deserialize(JsonParser p, DeserializationContext c) throws IOException {
      if (p.currentToken() == JsonToken.START_ARRAY) {
        List<Double> xs = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          xs.add(number(p, c));
        }
        return Value.of(xs.stream().mapToDouble(Double::doubleValue).toArray());
      }
      return Value.of(number(p, c));
    }

    private static double number(JsonParser p, DeserializationContext c) throws IOException {
      if (p.currentToken().isNumeric()) {
        return p.getDoubleValue();
      }
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        try {
          return Double.parseDouble(p.getText());
        } catch (NumberFormatException e) {
          return (Double) c.handleWeirdStringValue(Double.class, p.getText(), "not a number");
        }
      }
      return (Double) c.handleUnexpectedToken(Double.class, p);
    }
  }
}
