package dev.aviary.spec;

/**
 * One thing wrong with a document: where ({@code spec.strategy.canary.steps[2].setWeight}) and what
 * was expected. {@code document} names the document when a file holds several, else null.
 */
public record Problem(String document, String path, String message) {

  public Problem(String path, String message) {
    this(null, path, message);
  }

  Problem in(String doc) {
    return new Problem(doc, path, message);
  }

  @Override
  public String toString() {
    String where = path.isEmpty() ? "" : path + ": ";
    return (document == null ? "" : document + ": ") + where + message;
  }
}
