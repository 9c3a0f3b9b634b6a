package dev.aviary.cli;

import dev.aviary.image.ImageBuilder;
import dev.aviary.image.ImageException;
import dev.aviary.image.ImageSpec;
import dev.aviary.image.ImageTags;
import dev.aviary.registry.GitLineage;
import dev.aviary.registry.ModelRef;
import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.ModelVersion;
import dev.aviary.registry.Names;
import dev.aviary.registry.Registries;
import dev.aviary.registry.RegistryException;
import dev.aviary.registry.Sha256;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aviary image build}: an OCI image of the model server with one model in it, built with Jib
 * (no Docker daemon), written as a tar or pushed to a registry.
 */
@Command(
    name = "build",
    sortOptions = false,
    description = {
      "Build an image of the model server serving one model on port 8080, from the registry"
          + " (NAME:VERSION or NAME@ALIAS) or a file (--file), without a Docker daemon.",
      "Tags: NAME-VERSION, git-COMMIT (in a git working tree), the date (UTC) and each --tag.",
      "Exit status: 0 built, 1 the build or push failed, 2 invalid arguments. See docs/images.md."
    })
final class ImageBuildCommand implements Callable<Integer> {
  static final int FAILED = 1;
  static final int USAGE = 2;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Parameters(
      arity = "0..1",
      paramLabel = "NAME:VERSION|NAME@ALIAS",
      description = "The registry version to bake in, e.g. fraud:4 or fraud@champion.")
  String ref;

  @Option(names = "--file", paramLabel = "M.onnx", description = "Bake in this file instead.")
  Path file;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Model name with --file (default: the file name without .onnx).")
  String name;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      description = "Model version with --file (default: 1).")
  String version;

  @Option(
      names = {"-t", "--tag"},
      paramLabel = "TAG",
      description = "A further tag (repeatable): [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.")
  List<String> tags = new ArrayList<>();

  @ArgGroup(exclusive = true, multiplicity = "1")
  Destination destination;

  static final class Destination {
    @Option(
        names = {"-o", "--output"},
        paramLabel = "IMAGE.tar",
        description = "Write a Docker-format tar (docker load, skopeo copy docker-archive:).")
    Path output;

    @Option(
        names = "--push",
        paramLabel = "REGISTRY/REPO",
        description = "Push every tag to this repository, e.g. registry.example.com/aviary/fraud.")
    String push;
  }

  @Option(names = "--force", description = "Replace the --output file when it exists.")
  boolean force;

  @Option(
      names = "--base",
      paramLabel = "IMAGE",
      description =
          "A base image with Java 17+ on its PATH, pulled from its registry (default: none; the"
              + " image gets a runtime made with jlink from this JDK and this machine's libraries).")
  String base;

  @Option(
      names = "--insecure",
      defaultValue = "${env:AVIARY_PUSH_INSECURE:-false}",
      description =
          "Allow registries (--push, --base) over plain HTTP or unverified HTTPS (env"
              + " AVIARY_PUSH_INSECURE=true).")
  boolean insecure;

  @Option(
      names = "--source",
      paramLabel = "URL",
      description =
          "The org.opencontainers.image.source label (default: the working directory's file:"
              + " URL).")
  String source;

  @Mixin RegistryOption registry;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Clock clock;
  private Path downloaded;

  ImageBuildCommand() {
    this(Clock.systemUTC());
  }

  ImageBuildCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ImageSpec.Target target;
    try {
      if ((ref == null) == (file == null)) {
        throw new ImageException("give either NAME:VERSION (or NAME@ALIAS) or --file M.onnx");
      }
      if (ref != null && (name != null || version != null)) {
        throw new ImageException(
            "--name and --version are for --file; a registry version has its name and number");
      }
      tags.forEach(t -> ImageTags.check(t, "--tag"));
      target =
          destination.output != null
              ? new ImageSpec.Tar(destination.output, force)
              : new ImageSpec.Push(destination.push, insecure);
    } catch (ImageException | RegistryException e) {
      return fail(err, e.getMessage(), USAGE);
    }
    if (target instanceof ImageSpec.Tar t && Files.exists(t.file()) && !force) {
      return fail(
          err,
          "--output " + t.file() + " exists; give --force to replace it, or another file",
          FAILED);
    }
    try {
      Optional<String> commit =
          GitLineage.detect(Path.of("").toAbsolutePath()).map(GitLineage::commit);
      String src = source != null ? source : Path.of("").toAbsolutePath().toUri().toString();
      ImageSpec image =
          ref != null ? fromRegistry(commit, src, now, target) : fromFile(commit, src, now, target);
      ImageBuilder builder =
          new ImageBuilder(
              Path.of(System.getProperty("java.home")),
              cacheDir(),
              line -> {
                err.println("aviary image build: " + line);
                err.flush();
              });
      long started = System.nanoTime();
      ImageBuilder.Built built = builder.build(image);
      double seconds = (System.nanoTime() - started) / 1e9;
      String where =
          target instanceof ImageSpec.Tar t
              ? t.file() + String.format(" (%.1f MB)", built.tarBytes().orElse(0L) / 1e6)
              : ((ImageSpec.Push) target).repository();
      out.printf(
          "built %s:%s into %s in %.1f s, digest %s%n",
          image.modelName(), image.modelVersion(), where, seconds, built.digest());
      out.println("tags: " + String.join(" ", built.tags()));
      out.flush();
      return 0;
    } catch (ImageException | RegistryException e) {
      return fail(err, e.getMessage(), FAILED);
    } finally {
      if (downloaded != null) {
        deleteQuietly(downloaded.resolve("model.onnx"));
        deleteQuietly(downloaded);
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (java.io.IOException e) {
      // a temporary file
    }
  }

  private ImageSpec fromRegistry(
      Optional<String> commit, String src, Instant now, ImageSpec.Target target) {
    ModelRef modelRef = ModelRef.parse(ref);
    try (ModelRegistry r = Registries.open(registry.registry, clock)) {
      ModelVersion v = r.get(modelRef);
      downloaded = tempDir();
      Path model = downloaded.resolve("model.onnx");
      r.download(v.name(), v.version(), model);
      return spec(
          model, v.name(), Integer.toString(v.version()), v.sha256(), commit, src, now, target);
    }
  }

  private ImageSpec fromFile(
      Optional<String> commit, String src, Instant now, ImageSpec.Target target) {
    if (!Files.isRegularFile(file)) {
      throw new ImageException("--file " + file + " is not a file");
    }
    String fileName = file.getFileName().toString();
    String modelName =
        Names.checkModelName(
            name != null
                ? name
                : fileName.endsWith(".onnx")
                    ? fileName.substring(0, fileName.length() - 5)
                    : fileName);
    return spec(
        file,
        modelName,
        version != null ? version : "1",
        Sha256.of(file),
        commit,
        src,
        now,
        target);
  }

  private ImageSpec spec(
      Path model,
      String modelName,
      String modelVersion,
      String sha256,
      Optional<String> commit,
      String src,
      Instant now,
      ImageSpec.Target target) {
    LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return new ImageSpec(
        serverJar(),
        model,
        modelName,
        modelVersion,
        sha256,
        ImageTags.of(modelName, modelVersion, commit, date, tags),
        commit,
        src,
        now,
        Optional.ofNullable(base),
        target);
  }

  /** The runnable jar this command runs from: the image runs the same build of the server. */
  private static Path serverJar() {
    java.security.CodeSource code = ImageBuildCommand.class.getProtectionDomain().getCodeSource();
    try {
      Path p = code == null ? null : Path.of(code.getLocation().toURI());
      if (p != null && Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
        return p;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ImageException(
        "aviary image build puts the runnable jar it runs from into the image, and this is not"
            + " running from one: use ./aviary (which builds cli/target/aviary-all.jar)");
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("aviary-image-model-");
    } catch (java.io.IOException e) {
      throw new ImageException("cannot create a temporary directory: " + e.getMessage(), e);
    }
  }

  private static Path cacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("aviary").toAbsolutePath();
  }

  private static int fail(PrintWriter err, String message, int status) {
    err.println("aviary image build: " + message);
    err.flush();
    return status;
  }
}
