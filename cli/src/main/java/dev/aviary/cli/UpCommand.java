package dev.aviary.cli;

import dev.aviary.gateway.Loopback;
import dev.aviary.local.AlertReceivers;
import dev.aviary.local.ControlToken;
import dev.aviary.local.Platform;
import dev.aviary.local.PlatformOptions;
import dev.aviary.local.PortUnavailableException;
import dev.aviary.local.Store;
import dev.aviary.server.ServerLogging;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aviary up}: runs the embedded platform in the foreground until stopped. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded platform: control API, gateway, replica supervisor and control loop.",
      "State (SQLite database, replica logs) lives in the state directory; stopping with Ctrl-C"
          + " stops the replicas gracefully, and a restarted platform resumes every rollout."
    })
public final class UpCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  @Option(
      names = "--state-dir",
      defaultValue = "${env:AVIARY_STATE_DIR:-.aviary}",
      description = "State directory (default: ${DEFAULT-VALUE}; env AVIARY_STATE_DIR).")
  Path stateDir;

  @Option(
      names = "--port",
      defaultValue = "7070",
      description = "Control API port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Control API address (default: ${DEFAULT-VALUE}); --no-token is refused beyond"
              + " loopback.")
  String host;

  @Option(
      names = "--gateway-port",
      defaultValue = "8080",
      description = "Gateway (user traffic) port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int gatewayPort;

  @Option(
      names = "--gateway-host",
      defaultValue = "127.0.0.1",
      description = "Gateway address (default: ${DEFAULT-VALUE}).")
  String gatewayHost;

  @Option(
      names = "--token",
      description =
          "Bearer token the control API requires (default: the one in STATE-DIR/token, generated"
              + " at the first start).")
  String token;

  @Option(names = "--token-file", description = "File holding the bearer token.")
  Path tokenFile;

  @Option(
      names = "--no-token",
      description =
          "Let the control API answer without a token (loopback only): any local user's process"
              + " can then drive the platform.")
  boolean noToken;

  @Option(
      names = "--prometheus-url",
      description = "Default address of the prometheus metric provider.")
  String prometheusUrl;

  @Option(
      names = "--base-dir",
      description =
          "Directory relative file: model URIs resolve against (default: the working directory).")
  Path baseDir;

  @Option(
      names = "--model-root",
      paramLabel = "DIR",
      description =
          "Directory file: model URIs may name files under; repeatable (default: the base"
              + " directory only). Any other path is refused when a spec is applied.")
  List<Path> modelRoots = new ArrayList<>();

  @Option(
      names = "--grace-period",
      defaultValue = "30s",
      converter = ServeCommand.DurationConverter.class,
      description =
          "How long a replica may take to stop after SIGTERM before SIGKILL (default:"
              + " ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(
      names = "--replica-java-opts",
      defaultValue = REPLICA_JAVA_OPTS,
      description =
          "JVM options of every model-server replica, separated by spaces (default:"
              + " ${DEFAULT-VALUE}).")
  String replicaJavaOpts;

  @Option(
      names = "--alert-webhook",
      paramLabel = "URL",
      description = "POST firing and resolved alerts here as Alertmanager's webhook JSON.")
  URI alertWebhook;

  @Option(
      names = "--slack-webhook",
      paramLabel = "URL",
      description = "POST firing and resolved alerts to this Slack incoming webhook.")
  URI slackWebhook;

  @Option(
      names = "--alertmanager",
      paramLabel = "URL",
      description = "Send alerts to this Alertmanager (its POST /api/v2/alerts).")
  URI alertmanager;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * The replicas' JVM options unless {@code --replica-java-opts} says otherwise: the full JIT.
   * Limited to its first compiler (-XX:TieredStopAtLevel=1), a server answering 64 clients served
   * about 0.6x the requests/s at 1.8x the CPU per request (docs/benchmarks.md).
   */
  static final String REPLICA_JAVA_OPTS = "-Xss512k -XX:+UseSerialGC";

  /** Given to every replica before its other JVM options. */
  static final String EXIT_ON_OUT_OF_MEMORY = "-XX:+ExitOnOutOfMemoryError";

  /**
   * JVM options of the replicas of short-lived platforms (the demo, tests): the first JIT compiler
   * only, which warms up for less CPU on a small machine where several replicas start at once.
   */
  static final List<String> SHORT_LIVED_JAVA_OPTS =
      List.of("-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String tok = token;
    if (tokenFile != null) {
      try {
        tok = Files.readString(tokenFile).trim();
      } catch (IOException e) {
        err.println("aviary up: --token-file " + tokenFile + ": cannot read it: " + e.getMessage());
        return 2;
      }
    }
    List<String> javaOptions;
    try {
      javaOptions = javaOptions(replicaJavaOpts);
    } catch (IllegalArgumentException e) {
      err.println("aviary up: --replica-java-opts: " + e.getMessage());
      return 2;
    }
    if (tok != null && tok.isBlank()) {
      err.println(
          "aviary up: "
              + (tokenFile != null ? "--token-file " + tokenFile + " is empty" : "--token is empty")
              + "; give a token, or --no-token to run without one on loopback");
      return 2;
    }
    try {
      PlatformOptions.requireModelRootDirectories(modelRoots);
    } catch (IllegalArgumentException e) {
      err.println("aviary up: " + e.getMessage());
      return 1;
    }
    String tokenSource;
    if (noToken) {
      if (tok != null) {
        err.println("aviary up: --no-token cannot be combined with --token or --token-file");
        return 2;
      }
      if (!Loopback.isLoopback(host)) {
        err.println(
            "aviary up: --no-token is allowed only when the control API binds to loopback, and"
                + " --host is "
                + host
                + "; drop --no-token to use the token in "
                + ControlToken.file(stateDir));
        return 2;
      }
      tokenSource = "none (--no-token): every local process can drive the platform";
    } else if (tok != null) {
      tokenSource = tokenFile != null ? "from --token-file " + tokenFile : "from --token";
    } else {
      try {
        tok = ControlToken.readOrCreate(stateDir);
      } catch (IOException | IllegalStateException e) {
        err.println("aviary up: the control API token: " + e.getMessage());
        return 1;
      }
      tokenSource =
          ControlToken.file(stateDir).toAbsolutePath() + " (the client commands read it there)";
    }
    for (URI u : new URI[] {alertWebhook, slackWebhook, alertmanager}) {
      if (u != null && !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          || u != null && u.getHost() == null) {
        err.println("aviary up: alert receivers must be http(s)://HOST[:PORT]/... URLs, got " + u);
        return 2;
      }
    }
    ServerLogging.configure("warn", "aviary-up");
    Platform platform;
    try {
      platform =
          Platform.start(
              new PlatformOptions(
                  stateDir,
                  host,
                  port,
                  gatewayHost,
                  gatewayPort,
                  tok,
                  serveCommand(javaOptions),
                  baseDir,
                  prometheusUrl,
                  grace,
                  modelRoots),
              AlertReceivers.of(alertWebhook, slackWebhook, alertmanager));
    } catch (PortUnavailableException e) {
      err.println("aviary up: " + e.getMessage() + "; " + howToMove(e.listener()));
      return 1;
    } catch (RuntimeException e) {
      err.println("aviary up: " + e.getMessage());
      return 1;
    }
    out.printf(
        "aviary is up%n  control API  http://%s:%d%n  token        %s%n  dashboard    %s%n"
            + "  gateway      http://%s:%d%n  state        %s%nPress Ctrl-C to stop.%n",
        host,
        platform.apiPort(),
        tokenSource,
        DashboardAddress.of(host, platform.apiPort(), tok, DashboardAddress.onTerminal()),
        gatewayHost,
        platform.gatewayPort(),
        stateDir.toAbsolutePath());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              out.println("stopping: replicas drain and exit...");
              out.flush();
              platform.close();
              stopped.countDown();
            });
    Runtime.getRuntime().addShutdownHook(hook);
    long last = platform.lastEventBeforeStart();
    while (stopped.getCount() > 0) {
      try {
        for (Store.StoredEvent e : platform.events(last)) {
          out.printf(
              "%s %-8s %s %s: %s%n",
              TIME.format(e.at()),
              e.deployment(),
              e.type().equals("Warning") ? "WARN" : "    ",
              e.reason(),
              e.message());
          last = e.id();
        }
        out.flush();
      } catch (RuntimeException closing) {
        // the store closes while shutting down
      }
      stopped.await(500, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return 0;
  }

  static String howToMove(PortUnavailableException.Listener listener) {
    return switch (listener) {
      case CONTROL_API ->
          "choose another port with --port N (0 picks a free one) or another"
              + " address with --host";
      case GATEWAY ->
          "choose another port with --gateway-port N (0 picks a free one) or another"
              + " address with --gateway-host";
    };
  }

  /**
   * The JVM options in {@code text}, separated by white space.
   *
   * @throws IllegalArgumentException when one does not start with '-'
   */
  static List<String> javaOptions(String text) {
    List<String> options = new ArrayList<>();
    for (String option : text.trim().split("\\s+")) {
      if (option.isEmpty()) {
        continue;
      }
      if (!option.startsWith("-")) {
        throw new IllegalArgumentException(
            "'" + option + "' is not a JVM option (each starts with '-', e.g. -Xmx256m)");
      }
      options.add(option);
    }
    return options;
  }

  /**
   * The replica command of short-lived platforms (the demo, tests): {@link #SHORT_LIVED_JAVA_OPTS}.
   */
  public static List<String> serveCommand() {
    return serveCommand(SHORT_LIVED_JAVA_OPTS);
  }

  /**
   * {@code aviary serve} on the same JVM and class path as this process (the runnable jar, or a
   * test class path), with {@code javaOptions}; the platform adds the serve options of each
   * replica.
   */
  public static List<String> serveCommand(List<String> javaOptions) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    // A replica out of memory may go on half-working (a dead logging or batching thread): it exits
    // instead, and the supervisor starts a clean one.
    command.add(EXIT_ON_OUT_OF_MEMORY);
    command.addAll(javaOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "dev.aviary.cli.AviaryCli", "serve"));
    return command;
  }
}
