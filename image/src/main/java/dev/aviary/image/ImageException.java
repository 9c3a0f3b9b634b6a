package dev.aviary.image;

/** An image cannot be built or pushed; the message says what and what to do. */
public final class ImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
