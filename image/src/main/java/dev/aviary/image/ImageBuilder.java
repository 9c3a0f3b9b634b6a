package dev.aviary.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds the model server's image with Jib, without a Docker daemon. From {@code scratch} its
 * layers are: system libraries, a {@code jlink} Java runtime, the server jar with ONNX Runtime's
 * native libraries, the model; on a {@code --base} image only the last two.
 */
public final class ImageBuilder {
  public static final int PORT = 8080;
  static final String UID = "65532";
  static final String JAVA_HOME = "/opt/java";
  static final String JAR = "/app/aviary.jar";

  private final Path javaHome;
  private final Path cache;
  private final Consumer<String> progress;

  /**
   * @param javaHome the JDK whose {@code jlink} makes the image's runtime
   * @param cache where made runtimes are kept between builds
   */
  public ImageBuilder(Path javaHome, Path cache, Consumer<String> progress) {
    this.javaHome = javaHome;
    this.cache = cache;
    this.progress = progress;
  }

  /** What was built. */
  public record Built(String digest, List<String> tags, Optional<Long> tarBytes) {}

  public Built build(ImageSpec spec) {
    if (spec.target() instanceof ImageSpec.Tar tar && Files.exists(tar.file()) && !tar.force()) {
      throw new ImageException(
          "--output " + tar.file() + " exists; give --force to replace it, or another file");
    }
    if (spec.target() instanceof ImageSpec.Push push) {
      RegistryReachability.check(push.registry(), push.insecure());
    }
    Path work;
    try {
      work = Files.createTempDirectory("aviary-image-");
    } catch (IOException e) {
      throw new ImageException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try {
      return build(spec, work);
    } finally {
      JavaRuntime.deleteTree(work);
    }
  }

  private Built build(ImageSpec spec, Path work) {
    HostPlatform host = HostPlatform.current();
    Path natives = ServerNatives.extract(spec.serverJar(), host.onnxRuntime(), work.resolve("ort"));
    JibContainerBuilder jib;
    if (spec.base().isPresent()) {
      jib = Jib.from(registryImage(spec.base().get(), "--base"));
    } else {
      Path runtime = JavaRuntime.create(javaHome, cache, progress);
      jib = Jib.fromScratch();
      jib.addFileEntriesLayer(systemLayer(List.of(runtime, natives), work));
      jib.addFileEntriesLayer(
          tree("java-runtime", runtime, AbsoluteUnixPath.get(JAVA_HOME)).build());
      jib.setEnvironment(Map.of("LD_LIBRARY_PATH", JAVA_HOME + "/lib"));
    }
    jib.addFileEntriesLayer(
        tree("aviary", natives, AbsoluteUnixPath.get(ServerNatives.IN_IMAGE))
            .addEntry(
                spec.serverJar(), AbsoluteUnixPath.get(JAR), FilePermissions.fromOctalString("644"))
            .build());
    jib.addFileEntriesLayer(
        FileEntriesLayer.builder()
            .setName("model")
            .addEntry(
                spec.model(),
                AbsoluteUnixPath.get(spec.modelPath()),
                FilePermissions.fromOctalString("644"))
            .build());
    jib.setPlatforms(Set.of(new Platform(host.imageArchitecture(), "linux")))
        .setEntrypoint(entrypoint(spec))
        .setProgramArguments(programArguments())
        .setExposedPorts(Set.of(Port.tcp(PORT)))
        .setUser(UID + ":" + UID)
        .setWorkingDirectory(AbsoluteUnixPath.get("/app"))
        .setLabels(spec.labels())
        .setCreationTime(spec.created());
    return containerize(spec, jib);
  }

  /**
   * {@code java ... serve --model ...}: extra serve flags can follow ({@code docker run IMAGE
   * ...}).
   */
  static List<String> entrypoint(ImageSpec spec) {
    String java = spec.base().isPresent() ? "java" : JAVA_HOME + "/bin/java";
    return List.of(
        java,
        "-XX:MaxRAMPercentage=75",
        "-Donnxruntime.native.path=" + ServerNatives.IN_IMAGE,
        "-jar",
        JAR,
        "serve",
        "--model",
        spec.modelPath(),
        "--name",
        spec.modelName(),
        "--version",
        spec.modelVersion());
  }

  /** The address and port, as the image's default arguments, so that both can be changed. */
  static List<String> programArguments() {
    return List.of("--host", "0.0.0.0", "--port", Integer.toString(PORT));
  }

  private Built containerize(ImageSpec spec, JibContainerBuilder jib) {
    List<String> tags = spec.tags();
    try {
      if (spec.target() instanceof ImageSpec.Tar tar) {
        Path file = tar.file().toAbsolutePath();
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".part");
        try {
          Containerizer c =
              Containerizer.to(
                  TarImage.at(tmp).named(ImageReference.of(null, spec.modelName(), tags.get(0))));
          JibContainer built = jib.containerize(withTags(c, tags));
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          return new Built(built.getDigest().toString(), tags, Optional.of(Files.size(file)));
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      ImageSpec.Push push = (ImageSpec.Push) spec.target();
      RegistryImage to = registryImage(push.repository() + ":" + tags.get(0), "--push");
      Containerizer c = Containerizer.to(to).setAllowInsecureRegistries(push.insecure());
      progress.accept("pushing to " + push.repository());
      JibContainer built = jib.containerize(withTags(c, tags));
      return new Built(built.getDigest().toString(), tags, Optional.empty());
    } catch (ExecutionException e) {
      throw explain(spec, e.getCause() == null ? e : e.getCause());
    } catch (RegistryException | IOException | CacheDirectoryCreationException e) {
      throw explain(spec, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException("interrupted", e);
    }
  }

  private Containerizer withTags(Containerizer c, List<String> tags) {
    for (String t : tags.subList(1, tags.size())) {
      c.withAdditionalTag(t);
    }
    return c.setToolName("aviary")
        .setApplicationLayersCache(cache.resolve("layers"))
        .setBaseImageLayersCache(cache.resolve("base-images"))
        .addEventHandler(
            com.google.cloud.tools.jib.api.LogEvent.class,
            e -> {
              boolean serious =
                  e.getLevel() == com.google.cloud.tools.jib.api.LogEvent.Level.WARN
                      || e.getLevel() == com.google.cloud.tools.jib.api.LogEvent.Level.ERROR;
              // with --insecure every HTTPS attempt that falls back to HTTP says so; expected
              if (serious && !e.getMessage().contains("Attempting again")) {
                progress.accept(e.getMessage());
              }
            });
  }

  /** An image reference with the credentials of {@code docker login} or the environment. */
  private static RegistryImage registryImage(String reference, String option) {
    ImageReference ref;
    try {
      ref = ImageReference.parse(reference);
    } catch (InvalidImageReferenceException e) {
      throw new ImageException(option + " '" + reference + "' is not an image reference");
    }
    RegistryImage image = RegistryImage.named(ref);
    String user = System.getenv("AVIARY_PUSH_USERNAME");
    String password = System.getenv("AVIARY_PUSH_PASSWORD");
    // a pipeline passes its secrets through even when they are not set: empty means none
    if (user != null && !user.isEmpty() && password != null && !password.isEmpty()) {
      image.addCredential(user, password);
    }
    CredentialRetriever dockerConfig =
        CredentialRetrieverFactory.forImage(ref, event -> {}).dockerConfig();
    return image.addCredentialRetriever(dockerConfig);
  }

  static ImageException explain(ImageSpec spec, Throwable e) {
    String where =
        spec.target() instanceof ImageSpec.Push p
            ? "the registry " + p.registry()
            : spec.base().map(b -> "the base image's registry (" + b + ")").orElse("the build");
    if (e instanceof RegistryUnauthorizedException u) {
      return new ImageException(
          where
              + " refused access to "
              + u.getImageReference()
              + " ("
              + u.getMessage()
              + "): log in with docker login, or set AVIARY_PUSH_USERNAME and"
              + " AVIARY_PUSH_PASSWORD",
          e);
    }
    if (e instanceof RegistryCredentialsNotSentException) {
      return new ImageException(
          where
              + " wants a login, and credentials are only sent over HTTPS: serve the registry over"
              + " HTTPS and log in with docker login, or set AVIARY_PUSH_USERNAME and"
              + " AVIARY_PUSH_PASSWORD",
          e);
    }
    if (e instanceof RegistryAuthenticationFailedException) {
      return new ImageException(
          where + " refused the credentials: " + e.getMessage() + "; check docker login", e);
    }
    if (e instanceof InsecureRegistryException) {
      return new ImageException(
          where + " does not answer over verified HTTPS; give --insecure to allow plain HTTP", e);
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof ConnectException || root instanceof UnknownHostException) {
      return new ImageException("cannot reach " + where + ": " + root.getMessage(), e);
    }
    return new ImageException(where + " failed: " + e.getMessage(), e);
  }

  /** The libraries {@code ldd} finds, at the same paths, and the few files a process expects. */
  private static FileEntriesLayer systemLayer(List<Path> elfDirs, Path work) {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("system-libraries");
    for (Path lib : SharedLibraries.neededBy(elfDirs)) {
      try {
        layer.addEntry(
            lib.toRealPath(),
            AbsoluteUnixPath.get(lib.toString()),
            FilePermissions.fromOctalString("755"));
      } catch (IOException e) {
        throw new ImageException("cannot read " + lib + ": " + e.getMessage(), e);
      }
    }
    try {
      Path etc = Files.createDirectories(work.resolve("etc"));
      Files.writeString(
          etc.resolve("passwd"),
          "root:x:0:0:root:/root:/sbin/nologin\n"
              + "nonroot:x:"
              + UID
              + ":"
              + UID
              + ":nonroot:/home/nonroot:/sbin/nologin\n",
          StandardCharsets.UTF_8);
      Files.writeString(
          etc.resolve("group"), "root:x:0:\nnonroot:x:" + UID + ":\n", StandardCharsets.UTF_8);
      Path tmp = Files.createDirectories(work.resolve("tmp"));
      layer.addEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"));
      layer.addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"));
      // Writable by the server's user: Netty and Vert.x unpack and cache files there.
      layer.addEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"));
    } catch (IOException e) {
      throw new ImageException("cannot write into " + work + ": " + e.getMessage(), e);
    }
    return layer.build();
  }

  /** Every file under {@code dir}, executables kept executable. */
  private static FileEntriesLayer.Builder tree(String name, Path dir, AbsoluteUnixPath into) {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new ImageException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    for (Path f : files) {
      String relative = dir.relativize(f).toString();
      layer.addEntry(
          f,
          into.resolve(relative),
          FilePermissions.fromOctalString(Files.isExecutable(f) ? "755" : "644"));
    }
    return layer;
  }
}
