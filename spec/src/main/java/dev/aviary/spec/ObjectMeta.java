package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Pattern;
import dev.aviary.spec.Field.Required;
import java.util.Map;

/** Name and labels of a document. */
public record ObjectMeta(
    @Required
        @Pattern(
            regex = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",
            expected = "a DNS label: lower-case letters, digits and '-', at most 63 characters")
        @Doc("Name, unique per kind.")
        String name,
    @Doc("Free-form labels.") Map<String, String> labels) {}
