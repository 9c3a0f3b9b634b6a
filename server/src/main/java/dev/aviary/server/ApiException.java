package dev.aviary.server;

/** A request that cannot be served, with the HTTP status and a message for the client. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  static ApiException unavailable(String message) {
    return new ApiException(503, message);
  }

  int status() {
    return status;
  }
}
