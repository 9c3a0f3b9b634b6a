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
        String uri) {}
