package dev.aviary.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where and how inference payloads are logged.
 *
 * @param target a file of JSON lines, or an {@code http(s)://} URL receiving CloudEvents
 * @param sampleRate fraction (0..1) of inference requests whose request and response are logged
 * @param redact input/output names and JSON field names whose values are replaced by "REDACTED"
 * @param bufferSize events waiting to be written beyond which new ones are dropped (and counted)
 */
public record PayloadLogSettings(
    String target, double sampleRate, Set<String> redact, int bufferSize) {

  public PayloadLogSettings {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("payload log target must be a file path or an http URL");
    }
    if (isUrl(target)) {
      URI u = URI.create(target);
      if (u.getHost() == null) {
        throw new IllegalArgumentException("payload log URL '" + target + "' has no host");
      }
    }
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("payload log sample rate must be 0..1, got " + sampleRate);
    }
    redact = Set.copyOf(redact);
    if (bufferSize < 1) {
      throw new IllegalArgumentException(
          "payload log buffer must be at least 1, got " + bufferSize);
    }
  }

  static boolean isUrl(String target) {
    return target.startsWith("http://") || target.startsWith("https://");
  }

  boolean http() {
    return isUrl(target);
  }

  Path file() {
    return Path.of(target);
  }
}
