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
            regex = "^[a-zA-Z][a-zA-Z0-9+.-]*:.+$",
            expected = "a URI such as file:models/iris.onnx or s3://bucket/iris.onnx")
        @Doc("Where the ONNX file is.")
        String uri) {}
