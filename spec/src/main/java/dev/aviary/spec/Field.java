package dev.aviary.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Annotations on spec record components. The binder, the validator and the JSON Schema generator
 * all read them, so the documented form and the accepted form cannot drift apart.
 */
public final class Field {
  private Field() {}

  /** Human description, copied into the JSON Schema and the reference docs. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
  public @interface Doc {
    String value();
  }

  /** The field must be present in the document. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Required {}

  /** Value used when the field is absent, written as it would be in YAML. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Default {
    String value();
  }

  /** Inclusive numeric bounds. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Range {
    long min() default Long.MIN_VALUE;

    long max() default Long.MAX_VALUE;
  }

  /** Regular expression a string must match, with a readable name for the expected form. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Pattern {
    String regex();

    String expected();
  }

  /**
   * The key that selects this case of a sealed interface: a case is written as a one-key object,
   * {@code {setWeight: 20}} or {@code {prometheus: {query: ...}}}.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Key {
    String value();
  }

  /**
   * A case whose single component may be written directly as the key's value: {@code setWeight:
   * 20}.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Scalar {}

  /**
   * Keys a record accepts and ignores: fields another system writes into the same object (the API
   * server's metadata), which a document may carry but which mean nothing to the spec.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  public @interface Ignored {
    String[] value();
  }
}
