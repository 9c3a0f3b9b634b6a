package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Ignored;
import dev.aviary.spec.Field.Pattern;
import dev.aviary.spec.Field.Required;
import java.util.Map;

/**
 * Standard object metadata, so that a manifest written for the API server (or read back from it) is
 * a valid spec file too: name, namespace, labels and annotations, and the fields the API server
 * fills in, which are accepted and ignored.
 */
@Ignored({
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "ownerReferences",
  "finalizers",
  "selfLink",
  "generateName"
})
public record ObjectMeta(
    @Required
        @Pattern(
            regex = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",
            expected = "a DNS label: lower-case letters, digits and '-', at most 63 characters")
        @Doc("Name, unique per kind.")
        String name,
    @Pattern(
            regex = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",
            expected = "a DNS label: lower-case letters, digits and '-', at most 63 characters")
        @Doc("Kubernetes namespace; the embedded platform ignores it.")
        String namespace,
    @Doc("Free-form labels.") Map<String, String> labels,
    @Doc("Free-form annotations (the operator reads its commands from aviary.dev/command).")
        Map<String, String> annotations) {

  /** Metadata with a name and labels only. */
  public ObjectMeta(String name, Map<String, String> labels) {
    this(name, null, labels, null);
  }
}
