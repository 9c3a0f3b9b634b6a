package dev.aviary.registry;

/** A reference to a model, version or alias the registry does not hold. */
public final class UnknownModelException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public UnknownModelException(String message) {
    super(message);
  }
}
