package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Pattern;
import dev.aviary.spec.Field.Required;

/** The model artifact. */
public record ModelRef(
    @Required @Doc("Model name as served (OIP v2 /v2/models/{name}).") String name,
    @Required @Doc("Model version label, e.g. 3 or 2024-06-01.") String version,
    @Required
        @Pattern(
            regex = "^(file:|https?://|pvc://).+$",
            expected =
                "a model URI: file:PATH (both backends), or on Kubernetes only"
                    + " http(s)://URL or pvc://CLAIM/PATH")
        @Doc(
            "Where the ONNX file is: file:PATH; on Kubernetes also http(s)://URL or"
                + " pvc://CLAIM/PATH.")
        String uri,
    @Pattern(regex = "^file:.+$", expected = "a baseline URI: file:PATH")
        @Doc(
            "The training baseline (aviary profile create) the model server monitors live inputs"
                + " against: file:PATH; embedded platform only.")
        String baseline) {

  /** A model without a training baseline (no live monitoring). */
  public ModelRef(String name, String version, String uri) {
    this(name, version, uri, null);
  }
}
