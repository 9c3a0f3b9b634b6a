package dev.aviary.bench;

import dev.aviary.durations.Durations;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * HTTP load generator: warm-up, then a measured window; reports requests/s, latency percentiles
 * (HdrHistogram) and errors by kind.
 *
 * <p>By default the loop is closed: a slow server also slows the offered load, so latencies are
 * those seen by {@code concurrency} back-to-back clients. With {@code --rate} it is open: requests
 * arrive on a fixed schedule whatever the server does, and latency counts from each request's
 * intended send time, queueing included.
 */
@Command(
    name = "load-generator",
    mixinStandardHelpOptions = true,
    description = {
      "Send requests back to back over C connections (closed loop), or at a fixed rate with"
          + " --rate (open loop), and report throughput and latency."
    })
public final class LoadGenerator implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--url", required = true, description = "Absolute http:// URL to call.")
  URI url;

  @Option(
      names = "--body",
      paramLabel = "FILE",
      description = "File sent as the body of a POST; without it, GETs are sent.")
  Path body;

  @Option(
      names = "--content-type",
      defaultValue = "application/json",
      description = "Content-Type of the body (default: ${DEFAULT-VALUE}).")
  String contentType;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "NAME:VALUE",
      description = "Extra request header; repeatable.")
  List<String> headers = List.of();

  @Option(
      names = {"-c", "--concurrency"},
      defaultValue = "16",
      description =
          "Connections, each with one request in flight (default: ${DEFAULT-VALUE}); with --rate,"
              + " the most requests outstanding at once.")
  int concurrency;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description =
          "Open loop: send R requests per second on a fixed schedule, whatever the server does;"
              + " latency counts from each request's intended send time. A request due while C"
              + " are outstanding waits for a connection (and counts as late).")
  Double rate;

  @Option(
      names = {"-d", "--duration"},
      defaultValue = "20s",
      description = "Measured time, e.g. 20s, 500ms, 2m (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = {"-w", "--warmup"},
      defaultValue = "5s",
      description = "Time under load before measuring (default: ${DEFAULT-VALUE}).")
  String warmup;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      description = "A request idle this long counts as a timeout (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--grpc-model",
      paramLabel = "NAME",
      description =
          "Send OIP gRPC ModelInfer calls for this model to the URL's host and port (HTTP/2"
              + " without TLS) instead of HTTP requests; --body is an OIP REST infer request, sent"
              + " as its protobuf equivalent with raw_input_contents.")
  String grpcModel;

  @Option(
      names = "--grpc-streams-per-connection",
      defaultValue = "50",
      paramLabel = "N",
      description =
          "With --grpc-model: calls multiplexed on one HTTP/2 connection at most; the load uses"
              + " ceil(concurrency / N) connections (default: ${DEFAULT-VALUE}).")
  int grpcStreamsPerConnection;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  Path json;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LoadOptions options;
    try {
      options = options();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    out.printf(
        "running %s %s: %s%d connection(s), warm-up %s, then %s measured%n",
        options.method(),
        options.url(),
        options.openLoop()
            ? String.format(java.util.Locale.ROOT, "%.1f requests/s, up to ", options.rate())
            : "",
        options.concurrency(),
        Durations.format(options.warmup()),
        Durations.format(options.duration()));
    out.flush();
    LoadReport report = options.openLoop() ? OpenLoopRun.run(options) : ClosedLoopRun.run(options);
    out.print(ReportFormat.text(report));
    if (json != null) {
      Path parent = json.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(json, ReportFormat.json(report));
      out.println("wrote " + json);
    }
    out.flush();
    return report.ok() > 0 ? 0 : 1;
  }

  LoadOptions options() throws java.io.IOException {
    byte[] bytes = null;
    Map<String, String> h = new LinkedHashMap<>();
    if (body != null) {
      if (!Files.isRegularFile(body)) {
        throw new IllegalArgumentException("--body: no such file: " + body);
      }
      bytes = Files.readAllBytes(body);
      h.put("Content-Type", contentType);
    }
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--header must be NAME:VALUE, was '" + header + "'");
      }
      h.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    if (rate != null && !(rate > 0 && rate <= 1e7)) {
      throw new IllegalArgumentException(
          "--rate must be > 0 and at most 1e7 requests/s, was " + rate);
    }
    return new LoadOptions(
        url,
        bytes,
        h,
        concurrency,
        parse("--warmup", warmup),
        parse("--duration", duration),
        parse("--timeout", timeout),
        grpcModel,
        grpcStreamsPerConnection,
        rate == null ? 0 : rate);
  }

  private static Duration parse(String option, String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }
}
