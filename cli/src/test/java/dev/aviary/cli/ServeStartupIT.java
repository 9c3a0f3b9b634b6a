package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code aviary serve} does at start, in real child processes. */
class ServeStartupIT {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path MODEL = REPO.resolve("examples/fraud/models/v2/model.onnx");
  private static final Path REQUEST = REPO.resolve("examples/fraud/request.json");
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopChildren() throws Exception {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void serveLoadsNoClassOfTheOtherCommands() throws Exception {
    Path classes = dir.resolve("classes.txt");
    Path log = dir.resolve("serve.log");
    Process p =
        start(
            List.of(
                java(),
                "-Xlog:class+load=info:file=" + classes,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.aviary.cli.AviaryCli",
                "serve",
                "--model",
                MODEL.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--drain-delay",
                "0"),
            Map.of(),
            log);
    awaitReady(log);
    p.destroy(); // SIGTERM: a graceful stop
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();

    List<String> loaded = Files.readAllLines(classes);
    assertThat(loaded).anyMatch(l -> l.contains(" dev.aviary.server.ModelServer "));
    assertThat(loaded)
        .noneMatch(l -> l.contains(" io.fabric8."))
        .noneMatch(l -> l.contains(" dev.aviary.operator."))
        .noneMatch(l -> l.contains(" dev.aviary.local."))
        .noneMatch(l -> l.contains(" dev.aviary.gateway."))
        .noneMatch(l -> l.contains(" dev.aviary.cli.demo."))
        .noneMatch(l -> l.contains(" dev.aviary.cli.ControlClient"))
        .noneMatch(l -> l.contains(" java.net.http."));
  }

  @Test
  void theLauncherPreparesItsStartUpCacheOnceAndStartsServeFromIt() throws Exception {
    Path root = repositoryCopy();
    Path cache = root.resolve("cli/target/startup-cache");
    Path stale = Files.createDirectories(cache.resolve("12345"));

    Path first = dir.resolve("first.log");
    Process p1 = launch(root, first, Map.of());
    awaitReady(first);
    stop(p1);

    assertThat(Files.readString(first)).contains("preparing the start-up cache");
    assertThat(stale).doesNotExist();
    Path entry = onlyEntry(cache);
    assertThat(Files.size(entry.resolve("app.jsa"))).isPositive();
    assertThat(entry.resolve("native").resolve(System.mapLibraryName("onnxruntime"))).exists();

    // The second start uses the archive: its classes come from the shared archive (the "top"
    // layer is the application's), and ONNX Runtime loads from the cache.
    Path second = dir.resolve("second.log");
    Process p2 = launch(root, second, Map.of("AVIARY_JAVA_OPTS", "-Xlog:class+load=info"));
    awaitReady(second);
    stop(p2);
    String out = Files.readString(second);
    assertThat(out).doesNotContain("preparing the start-up cache");
    assertThat(out)
        .containsPattern("dev\\.aviary\\.server\\.ModelServer source: shared objects file");
    assertThat(out).doesNotContain("[warning]");

    // A rebuilt jar gets a fresh cache, and the old one goes.
    Files.setLastModifiedTime(
        root.resolve("cli/target/aviary-all.jar"),
        FileTime.fromMillis(System.currentTimeMillis() + 3_600_000));
    Path third = dir.resolve("third.log");
    Process p3 = launch(root, third, Map.of());
    awaitReady(third);
    stop(p3);
    assertThat(Files.readString(third)).contains("preparing the start-up cache");
    assertThat(onlyEntry(cache)).isNotEqualTo(entry);
  }

  @Test
  void stoppingTheFirstServeWhileItPreparesTheCacheLeavesNoHalfMadeCache() throws Exception {
    Path root = repositoryCopy();
    Path cache = root.resolve("cli/target/startup-cache");
    Path log = dir.resolve("stopped.log");
    Process p = launch(root, log, Map.of());
    Path tmp =
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> temporaryEntry(cache), t -> t != null);

    p.destroy(); // SIGTERM to the launcher while its training run goes on
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(tmp).doesNotExist();
    assertThat(temporaryEntry(cache)).isNull();
  }

  @Test
  void aHalfMadeCacheOfALauncherThatIsGoneIsRemovedAtTheNextStart() throws Exception {
    Path root = repositoryCopy();
    Path cache = root.resolve("cli/target/startup-cache");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path stale = Files.createDirectories(cache.resolve(".tmp." + gone.pid()));
    Files.writeString(stale.resolve("app.jsa"), "half");

    Path log = dir.resolve("next.log");
    Process p = launch(root, log, Map.of());
    awaitReady(log);
    stop(p);
    assertThat(stale).doesNotExist();
    assertThat(temporaryEntry(cache)).isNull();
  }

  /** A copy of the repository layout the launcher expects, so the real one is left alone. */
  private Path repositoryCopy() throws Exception {
    Path jar = Path.of("target", "aviary-all.jar").toAbsolutePath();
    assertThat(jar).as("the package phase builds the runnable jar before the tests run").exists();
    Path root = dir.resolve("repo");
    Files.createDirectories(root.resolve("cli/target"));
    Files.createDirectories(root.resolve("examples/fraud/models/v2"));
    Files.copy(REPO.resolve("aviary"), root.resolve("aviary"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(jar, root.resolve("cli/target/aviary-all.jar"));
    Files.copy(MODEL, root.resolve("examples/fraud/models/v2/model.onnx"));
    Files.copy(REQUEST, root.resolve("examples/fraud/request.json"));
    return root;
  }

  /** The directory of a preparation in progress ({@code .tmp.<pid>}), or null. */
  private static Path temporaryEntry(Path cache) throws Exception {
    if (!Files.isDirectory(cache)) {
      return null;
    }
    try (Stream<Path> entries = Files.list(cache)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith(".tmp."))
          .findFirst()
          .orElse(null);
    }
  }

  private Process launch(Path root, Path log, Map<String, String> env) throws Exception {
    return start(
        List.of(
            root.resolve("aviary").toString(),
            "serve",
            "--model",
            root.resolve("examples/fraud/models/v2/model.onnx").toString(),
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--drain-delay",
            "0"),
        env,
        log);
  }

  private Process start(List<String> cmd, Map<String, String> env, Path log) throws Exception {
    ProcessBuilder b =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    b.environment().put("AVIARY_SKIP_BUILD", "1");
    b.environment().remove("AVIARY_JAVA_OPTS");
    b.environment().putAll(env);
    Process p = b.start();
    started.add(p);
    return p;
  }

  private static void stop(Process p) throws Exception {
    p.destroy();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  /** Waits for the port in the log, then for {@code /readyz} to answer 200. */
  private static void awaitReady(Path log) {
    int port =
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> {
                  Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
                  return m.find() ? Integer.parseInt(m.group(1)) : 0;
                },
                p -> p > 0);
    URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> ((HttpURLConnection) readyz.toURL().openConnection()).getResponseCode() == 200);
  }

  /** The one cache entry (temporary directories of a preparation in progress start with '.'). */
  private static Path onlyEntry(Path cache) throws Exception {
    try (Stream<Path> entries = Files.list(cache)) {
      List<Path> all = entries.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
