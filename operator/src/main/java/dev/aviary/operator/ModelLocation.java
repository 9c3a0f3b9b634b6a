package dev.aviary.operator;

import java.util.regex.Pattern;

/**
 * Where a revision's pods find the model, read from {@code spec.model.uri}: a path inside the
 * server image ({@code file:PATH}), a URL an init container downloads ({@code http(s)://}), or a
 * file on a PersistentVolumeClaim mounted read-only ({@code pvc://CLAIM/PATH}).
 */
sealed interface ModelLocation {
  /** Where the volumes holding the model (downloaded or claimed) are mounted in the pod. */
  String MOUNT = "/models";

  /** The path {@code aviary serve --model} opens inside the server container. */
  String pathInContainer();

  /** {@code file:PATH}: the model is part of the image. */
  record InImage(String path) implements ModelLocation {
    @Override
    public String pathInContainer() {
      return path;
    }
  }

  /** {@code http(s)://...}: an init container downloads it into an {@code emptyDir}. */
  record Fetched(String url) implements ModelLocation {
    static final String PATH = MOUNT + "/model.onnx";

    @Override
    public String pathInContainer() {
      return PATH;
    }
  }

  /** {@code pvc://CLAIM/PATH}: the claim is mounted read-only at {@link #MOUNT}. */
  record Claimed(String claim, String path) implements ModelLocation {
    @Override
    public String pathInContainer() {
      return MOUNT + "/" + path;
    }
  }

  String PVC = "pvc://";

  /** A DNS-1123 subdomain, which is what Kubernetes accepts as a claim name. */
  Pattern CLAIM_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  /**
   * Reads a model URI; {@link IllegalArgumentException} with a message that says what was expected
   * (the caller adds the field path).
   */
  static ModelLocation parse(String uri) {
    if (uri.startsWith("file:") && uri.length() > "file:".length()) {
      return new InImage(uri.substring("file:".length()));
    }
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      return new Fetched(uri);
    }
    if (uri.startsWith(PVC)) {
      return claimed(uri);
    }
    if (uri.startsWith("registry:")) {
      // the registry lives beside the embedded platform; pods cannot read its files or database
      throw new IllegalArgumentException(
          "registry: model URIs are served by the embedded platform (aviary up) only; for"
              + " Kubernetes, download the version (aviary model download NAME:VERSION -o FILE)"
              + " and name it with a file:, http(s): or pvc:// URI, got '"
              + uri
              + "'");
    }
    throw new IllegalArgumentException(
        "the Kubernetes operator loads file: URIs (a path in the image), http(s): URIs"
            + " (downloaded by an init container) and pvc://CLAIM/PATH URIs (a file on a"
            + " PersistentVolumeClaim), got '"
            + uri
            + "'");
  }

  private static Claimed claimed(String uri) {
    String rest = uri.substring(PVC.length());
    int slash = rest.indexOf('/');
    String claim = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    String expected = "expected pvc://CLAIM/PATH (PATH: the model file inside the claim), got '";
    if (claim.isEmpty() || claim.length() > 253 || !CLAIM_NAME.matcher(claim).matches()) {
      throw new IllegalArgumentException(
          "'"
              + claim
              + "' is not a PersistentVolumeClaim name (lower-case letters, digits, '-' and '.');"
              + " "
              + expected
              + uri
              + "'");
    }
    if (path.isEmpty() || path.endsWith("/")) {
      throw new IllegalArgumentException(expected + uri + "'");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "the path inside the claim must not have empty, '.' or '..' segments; "
                + expected
                + uri
                + "'");
      }
    }
    return new Claimed(claim, path);
  }
}
