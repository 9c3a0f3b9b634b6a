package dev.aviary.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import co.elastic.logging.logback.EcsEncoder;
import org.slf4j.event.KeyValuePair;

/**
 * The ECS encoder, plus SLF4J key-value pairs written as top-level JSON fields with their JSON
 * type, so that {@code http.response.status_code} and {@code event.duration} are numbers as ECS
 * defines them (MDC values can only be strings).
 */
public class EcsKeyValueEncoder extends EcsEncoder {

  private String serviceName;

  @Override
  public void setServiceName(String serviceName) {
    super.setServiceName(serviceName);
    this.serviceName = serviceName;
  }

  /** The {@code service.name} written on every line (null when not configured). */
  String serviceName() {
    return serviceName;
  }

  @Override
  protected void addCustomFields(ILoggingEvent event, StringBuilder builder) {
    if (event.getKeyValuePairs() == null) {
      return;
    }
    for (KeyValuePair kv : event.getKeyValuePairs()) {
      if (kv.key == null) {
        continue;
      }
      builder.append('"');
      escape(kv.key, builder);
      builder.append("\":");
      Object v = kv.value;
      if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
        builder.append(v);
      } else {
        builder.append('"');
        escape(String.valueOf(v), builder);
        builder.append('"');
      }
      builder.append(',');
    }
  }

  private static void escape(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
