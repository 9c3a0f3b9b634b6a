package dev.aviary.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Maps method and path to a {@link Route}. Pure; unit-tested without a server. */
final class Routes {
  private static final String PREDICT_SUFFIX = ":predict";

  private Routes() {}

  static Route match(String method, String rawPath) {
    String path =
        rawPath.length() > 1 && rawPath.endsWith("/")
            ? rawPath.substring(0, rawPath.length() - 1)
            : rawPath;
    Route target = target(path);
    String allow = allowedMethod(target);
    if (allow == null) {
      return target;
    }
    if (method.equals(allow) || (allow.equals("GET") && method.equals("HEAD"))) {
      return target;
    }
    return new Route.MethodNotAllowed(allow.equals("GET") ? "GET, HEAD" : allow, target.template());
  }

  private static String allowedMethod(Route r) {
    if (r instanceof Route.NotFound) {
      return null;
    }
    return r instanceof Route.Infer || r instanceof Route.Predict || r instanceof Route.Feedback
        ? "POST"
        : "GET";
  }

  private static Route target(String path) {
    switch (path) {
      case "/healthz":
        return new Route.Liveness("/healthz");
      case "/v2/health/live":
        return new Route.Liveness("/v2/health/live");
      case "/readyz":
        return new Route.Readiness("/readyz");
      case "/v2/health/ready":
        return new Route.Readiness("/v2/health/ready");
      case "/metrics":
        return new Route.Metrics();
      case "/v2":
        return new Route.ServerMetadata();
      default:
        break;
    }
    String[] s = path.split("/", -1);
    // s[0] is "" because the path starts with "/".
    if (s.length >= 4 && s[1].equals("v2") && s[2].equals("models")) {
      return v2Model(s);
    }
    if (s.length >= 4 && s[1].equals("v1") && s[2].equals("models")) {
      return v1Model(s);
    }
    return new Route.NotFound();
  }

  private static Route v2Model(String[] s) {
    String model = decode(s[3]);
    if (model == null) {
      return new Route.NotFound();
    }
    String version = null;
    int next = 4;
    String prefix = "/v2/models/{model}";
    if (s.length >= 6 && s[4].equals("versions")) {
      version = decode(s[5]);
      if (version == null) {
        return new Route.NotFound();
      }
      next = 6;
      prefix += "/versions/{version}";
    }
    int rest = s.length - next;
    if (rest == 0) {
      return new Route.ModelMetadata(model, version, prefix);
    }
    if (rest == 1 && s[next].equals("ready")) {
      return new Route.ModelReady(model, version, prefix + "/ready");
    }
    if (rest == 1 && s[next].equals("infer")) {
      return new Route.Infer(model, version, prefix + "/infer");
    }
    if (rest == 1 && s[next].equals("monitor")) {
      return new Route.Monitor(model, version, prefix + "/monitor");
    }
    if (rest == 1 && s[next].equals("feedback")) {
      return new Route.Feedback(model, version, prefix + "/feedback");
    }
    return new Route.NotFound();
  }

  private static Route v1Model(String[] s) {
    if (s.length == 4 && s[3].endsWith(PREDICT_SUFFIX)) {
      String model = decode(s[3].substring(0, s[3].length() - PREDICT_SUFFIX.length()));
      return model == null
          ? new Route.NotFound()
          : new Route.Predict(model, null, "/v1/models/{model}:predict");
    }
    if (s.length == 6 && s[4].equals("versions") && s[5].endsWith(PREDICT_SUFFIX)) {
      String model = decode(s[3]);
      String version = decode(s[5].substring(0, s[5].length() - PREDICT_SUFFIX.length()));
      return model == null || version == null
          ? new Route.NotFound()
          : new Route.Predict(model, version, "/v1/models/{model}/versions/{version}:predict");
    }
    return new Route.NotFound();
  }

  /** Percent-decodes a path segment; null if it is empty or malformed. */
  private static String decode(String segment) {
    if (segment.isEmpty()) {
      return null;
    }
    try {
      String d = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      return d.isEmpty() ? null : d;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
