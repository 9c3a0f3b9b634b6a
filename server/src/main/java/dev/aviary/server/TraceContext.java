package dev.aviary.server;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Takes the trace id from a W3C {@code traceparent} header, or makes a new one. */
final class TraceContext {
  private static final Pattern TRACEPARENT =
      Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
  private static final String INVALID = "0".repeat(32);

  private TraceContext() {}

  static String traceId(String traceparent) {
    if (traceparent != null) {
      var m = TRACEPARENT.matcher(traceparent.trim());
      if (m.matches() && !traceparent.startsWith("ff") && !m.group(1).equals(INVALID)) {
        return m.group(1);
      }
    }
    return generate();
  }

  static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("%016x%016x", r.nextLong(), r.nextLong());
  }
}
