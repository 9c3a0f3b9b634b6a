package dev.aviary.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to build: the server jar, the model and what is known about it, the tags and where the image
 * goes. Checked on construction.
 */
public record ImageSpec(
    Path serverJar,
    Path model,
    String modelName,
    String modelVersion,
    String modelSha256,
    List<String> tags,
    Optional<String> revision,
    String source,
    Instant created,
    Optional<String> base,
    Target target) {

  /** Where the image goes. */
  public sealed interface Target {}

  /** A Docker-format tar ({@code docker load}, {@code skopeo copy docker-archive:FILE ...}). */
  public record Tar(Path file, boolean force) implements Target {}

  /** A registry repository, {@code HOST[:PORT]/PATH}; {@code insecure} allows plain HTTP. */
  public record Push(String repository, boolean insecure) implements Target {
    private static final Pattern REPOSITORY =
        Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)+");

    public Push {
      if (repository == null || !REPOSITORY.matcher(repository).matches()) {
        throw new ImageException(
            "--push '"
                + repository
                + "' is not a repository: expected REGISTRY/REPO without a tag, e.g."
                + " registry.example.com:5000/aviary/fraud (the tags come from --tag and the"
                + " defaults)");
      }
    }

    String registry() {
      return repository.substring(0, repository.indexOf('/'));
    }
  }

  public ImageSpec {
    tags = List.copyOf(tags);
    if (tags.isEmpty()) {
      throw new ImageException("an image needs at least one tag");
    }
    tags.forEach(t -> ImageTags.check(t, "--tag"));
  }

  /** The OCI annotations and Aviary's own labels. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", modelName);
    labels.put("org.opencontainers.image.version", modelVersion);
    labels.put("org.opencontainers.image.created", created.toString());
    labels.put("org.opencontainers.image.revision", revision.orElse("unknown"));
    labels.put("org.opencontainers.image.source", source);
    labels.put(
        "org.opencontainers.image.description",
        "Aviary model server serving " + modelName + " version " + modelVersion);
    labels.put("dev.aviary.model.name", modelName);
    labels.put("dev.aviary.model.version", modelVersion);
    labels.put("dev.aviary.model.sha256", modelSha256);
    return labels;
  }

  /** Where the model is in the image. */
  public String modelPath() {
    return "/models/" + modelName + ".onnx";
  }
}
