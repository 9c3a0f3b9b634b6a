package dev.aviary.spec;

import dev.aviary.durations.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a spec may pass to the model server in {@code spec.server.env} and {@code spec.server.args}.
 *
 * <p>Both reach a process the platform starts as its own user (a replica on the machine, the server
 * container of a pod), so anything not listed here is refused: {@code JAVA_TOOL_OPTIONS:
 * -XX:OnOutOfMemoryError=<command>} runs a command, {@code LD_PRELOAD} loads a library, a flag
 * whose value is a file writes where the spec says. Every value is checked too (numbers, durations,
 * enums), so that nothing can pass for a JVM option, a path or a picocli {@code @file}.
 */
public final class ServerAllowLists {

  /** An allowed variable or flag: the form its value must have and why a spec may set it. */
  public record Entry(String name, String expected, String reason, Predicate<String> accepts) {}

  private static final String LEVELS = "trace, debug, info, warn, error, off";
  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final String SERVICE_NAME_FORM = "a name of letters, digits, '.', '_' and '-'";

  /** Environment variables a spec may set, each one the model server reads. */
  public static final List<Entry> ENV =
      List.of(
          new Entry(
              "AVIARY_LOG_LEVEL",
              "one of " + LEVELS,
              "the server's log level, as --log-level",
              ServerAllowLists::isLevel),
          new Entry(
              "AVIARY_SERVICE_NAME",
              SERVICE_NAME_FORM,
              "the service.name field of every log line, as --service-name",
              v -> SERVICE_NAME.matcher(v).matches()));

  /** Variables named here to explain the refusal; every variable not in {@link #ENV} is refused. */
  public static final Map<String, String> REFUSED_ENV =
      ordered(
          "JAVA_TOOL_OPTIONS",
          "JVM options: -XX:OnOutOfMemoryError=... runs a command, -javaagent loads code",
          "JDK_JAVA_OPTIONS",
          "JVM options, as JAVA_TOOL_OPTIONS",
          "_JAVA_OPTIONS",
          "JVM options, as JAVA_TOOL_OPTIONS",
          "AVIARY_JAVA_OPTS",
          "JVM options of the ./aviary launcher",
          "LD_PRELOAD",
          "makes every process load a library of the spec's choosing",
          "LD_LIBRARY_PATH",
          "makes the JVM and ONNX Runtime load native libraries from the spec's directories",
          "CLASSPATH",
          "loads classes from the spec's paths",
          "PATH",
          "chooses which programs run",
          "AVIARY_REVISION",
          "set by the operator");

  private static final String DURATION_FORM = Durations.EXPECTED + " (or 0)";
  private static final Pattern SIZE =
      Pattern.compile("([1-9][0-9]{0,9})(k|kib|m|mib)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern FRACTION = Pattern.compile("0|1|0?\\.[0-9]{1,9}|1\\.0{1,9}");
  private static final Pattern URL =
      Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?");
  private static final Pattern NAMES =
      Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/-]*(,[A-Za-z0-9_][A-Za-z0-9_.:/-]*)*");

  /** Flags of {@code aviary serve} a spec may pass, with their values. */
  public static final List<Entry> FLAGS =
      List.of(
          flag(
              "--max-request-bytes",
              "a size from 1024 to 1GiB: bytes, or with KiB or MiB (e.g. 16MiB)",
              "request body limit",
              ServerAllowLists::isRequestSize),
          duration("--drain-delay", "how long requests are still served after SIGTERM"),
          duration("--shutdown-timeout", "upper bound of the whole shutdown"),
          integer("--inference-threads", 1, 256, "threads running inference"),
          integer("--max-queued-requests", 1, 1_000_000, "inference requests accepted at once"),
          integer("--intra-op-threads", 0, 256, "ONNX Runtime threads per inference"),
          integer("--inter-op-threads", 0, 256, "ONNX Runtime threads across graph nodes"),
          flag(
              "--graph-optimization",
              "one of none, basic, extended, all",
              "ONNX Runtime graph optimisation level",
              v -> List.of("none", "basic", "extended", "all").contains(v)),
          integer("--event-loops", 0, 256, "event loops serving the port"),
          duration("--inline-below", "run fast models on the network thread"),
          integer("--max-batch-size", 1, 4096, "dynamic batching"),
          flag(
              "--max-batch-delay",
              "a duration from 0 to 1s, such as 500us or 2ms",
              "dynamic batching",
              v -> isDuration(v) && nanos(v) <= Duration.ofSeconds(1).toNanos()),
          integer("--max-batch-queue", 1, 1_000_000, "dynamic batching"),
          flag(
              "--payload-log",
              "an http:// or https:// URL (a file is refused: it would be written as the"
                  + " platform's user)",
              "payload logging to a collector",
              v -> URL.matcher(v).matches()),
          flag(
              "--payload-log-sample-rate",
              "a fraction from 0 to 1",
              "payload logging",
              v -> FRACTION.matcher(v).matches()),
          flag(
              "--payload-log-redact",
              "names separated by commas (letters, digits, '_', '.', ':', '/', '-')",
              "payload logging; may be repeated",
              v -> NAMES.matcher(v).matches()),
          integer("--payload-log-buffer", 1, 1_000_000, "payload logging"),
          flag(
              "--fault-error-rate",
              "a fraction from 0 to 1",
              "fault injection (demos, tests)",
              v -> FRACTION.matcher(v).matches()),
          duration("--fault-latency", "fault injection (demos, tests)"),
          integer("--monitor-window", 1, 1_000_000, "live monitoring"),
          duration("--monitor-max-age", "live monitoring"),
          integer("--monitor-min-rows", 1, 1_000_000, "live monitoring"),
          integer("--feedback-ids", 1, 1_000_000, "feedback for accuracy"),
          flag(
              "--feedback-retention",
              "a positive duration such as 10m or 1h",
              "feedback for accuracy",
              v -> isDuration(v) && nanos(v) > 0),
          integer("--accuracy-window", 1, 1_000_000, "feedback for accuracy"),
          integer("--accuracy-min-rows", 1, 1_000_000, "feedback for accuracy"),
          flag(
              "--output-classes",
              "labels separated by commas (letters, digits, '_', '.', ':', '/', '-')",
              "feedback for accuracy",
              v -> NAMES.matcher(v).matches()),
          flag(
              "--log-level",
              "one of " + LEVELS,
              "the server's log level",
              ServerAllowLists::isLevel),
          flag(
              "--service-name",
              SERVICE_NAME_FORM,
              "the service.name field of every log line",
              v -> SERVICE_NAME.matcher(v).matches()));

  /** The only flag that may be given more than once. */
  private static final Set<String> REPEATABLE = Set.of("--payload-log-redact");

  /**
   * Allowed flags the operator sets itself, matched to the pod's preStop hook and grace period; the
   * embedded platform leaves them to the spec.
   */
  public static final Set<String> SET_BY_OPERATOR = Set.of("--drain-delay", "--shutdown-timeout");

  /** Flags of {@code aviary serve} named here to explain the refusal. */
  public static final Map<String, String> REFUSED_FLAGS =
      ordered(
          "--model",
          "set by the platform from spec.model",
          "--repository",
          "the platform serves spec.model",
          "--name",
          "set by the platform from spec.model.name",
          "--version",
          "set by the platform from spec.model.version",
          "--host",
          "set by the platform (loopback on the embedded platform)",
          "--port",
          "set by the platform",
          "--grpc-port",
          "opens a port neither backend routes, probes or exposes",
          "--help",
          "the server would print help and exit",
          "--baseline",
          "set by the platform from spec.model.baseline, checked against the model roots");

  private ServerAllowLists() {}

  /** Every problem of {@code server}'s environment and arguments, paths under {@code path}. */
  public static List<Problem> problems(ServerSettings server, String path) {
    List<Problem> out = new ArrayList<>();
    new java.util.TreeMap<>(server.env()).forEach((k, v) -> env(k, v, path + ".env", out));
    args(server.args(), path + ".args", out);
    return out;
  }

  private static void env(String name, String value, String path, List<Problem> out) {
    Entry e = find(ENV, name);
    String p = path + "." + name;
    if (e == null) {
      String why = REFUSED_ENV.get(name);
      out.add(
          new Problem(
              p,
              (why == null ? "not an allowed variable" : "not allowed (" + why + ")")
                  + "; allowed: "
                  + names(ENV)));
    } else if (value == null || !e.accepts().test(value)) {
      out.add(new Problem(p, "must be " + e.expected() + ", got '" + value + "'"));
    }
  }

  private static void args(List<String> args, String path, List<Problem> out) {
    Set<String> seen = new HashSet<>();
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String p = path + "[" + i + "]";
      String arg = args.get(i) == null ? "" : args.get(i);
      if (!arg.startsWith("--")) {
        out.add(
            new Problem(p, "expected a server flag such as --max-batch-size, got '" + arg + "'"));
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      Entry e = find(FLAGS, name);
      if (e == null) {
        String why = REFUSED_FLAGS.get(name);
        out.add(
            new Problem(
                p,
                "'"
                    + name
                    + "' is "
                    + (why == null ? "not an allowed server flag" : "not allowed (" + why + ")")
                    + "; allowed: "
                    + names(FLAGS)));
        if (eq < 0 && i + 1 < args.size() && !String.valueOf(args.get(i + 1)).startsWith("-")) {
          i++; // most likely its value: one problem per unknown flag is enough
        }
        continue;
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i) == null ? "" : args.get(i);
        p = path + "[" + i + "]";
      } else {
        out.add(new Problem(p, name + " needs a value: " + e.expected()));
        continue;
      }
      if (!e.accepts().test(value)) {
        out.add(new Problem(p, name + " must be " + e.expected() + ", got '" + value + "'"));
      } else if (!seen.add(name) && !REPEATABLE.contains(name)) {
        out.add(new Problem(p, name + " is given more than once"));
      } else {
        given.put(name, value);
      }
    }
    long drain = nanos(given.getOrDefault("--drain-delay", "5s"));
    long shutdown = nanos(given.getOrDefault("--shutdown-timeout", "30s"));
    if (shutdown <= drain) {
      out.add(
          new Problem(
              path,
              "--shutdown-timeout ("
                  + given.getOrDefault("--shutdown-timeout", "30s")
                  + ") must be longer than --drain-delay ("
                  + given.getOrDefault("--drain-delay", "5s")
                  + ")"));
    }
  }

  /** The allowed variables and flags as the Markdown tables of docs/spec-reference.md. */
  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| `env` variable | value | why it is allowed |\n|---|---|---|\n");
    ENV.forEach(e -> row(b, e.name(), e.expected(), e.reason()));
    b.append("\n| `args` flag | value | why it is allowed |\n|---|---|---|\n");
    for (Entry e : FLAGS) {
      String reason =
          e.reason()
              + (SET_BY_OPERATOR.contains(e.name())
                  ? "; embedded platform only (the operator sets it)"
                  : "");
      row(b, e.name(), e.expected(), reason);
    }
    b.append("\n| refused (as is everything not listed above) | why |\n|---|---|\n");
    REFUSED_ENV.forEach(
        (k, v) -> b.append("| `").append(k).append("` | ").append(v).append(" |\n"));
    REFUSED_FLAGS.forEach(
        (k, v) -> b.append("| `").append(k).append("` | ").append(v).append(" |\n"));
    return b.toString();
  }

  private static void row(StringBuilder b, String name, String expected, String reason) {
    b.append("| `")
        .append(name)
        .append("` | ")
        .append(expected)
        .append(" | ")
        .append(reason)
        .append(" |\n");
  }

  private static Entry flag(String name, String expected, String reason, Predicate<String> ok) {
    return new Entry(name, expected, reason, ok);
  }

  private static Entry duration(String name, String reason) {
    return new Entry(name, DURATION_FORM, reason, ServerAllowLists::isDuration);
  }

  private static Entry integer(String name, int min, int max, String reason) {
    return new Entry(
        name,
        "a whole number from " + min + " to " + max,
        reason,
        v -> {
          if (!v.matches("[0-9]{1,7}")) {
            return false;
          }
          int n = Integer.parseInt(v);
          return n >= min && n <= max;
        });
  }

  private static boolean isLevel(String v) {
    return List.of(LEVELS.split(", ")).contains(v.toLowerCase(Locale.ROOT));
  }

  private static boolean isRequestSize(String v) {
    Matcher m = SIZE.matcher(v);
    if (!m.matches()) {
      return false;
    }
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    long scale = unit.isEmpty() ? 1 : unit.startsWith("m") ? 1 << 20 : 1 << 10;
    long bytes = Long.parseLong(m.group(1)) * scale;
    return bytes >= 1024 && bytes <= 1L << 30;
  }

  /** The server reads its duration flags with {@link Durations}, so the spec accepts the same. */
  private static boolean isDuration(String v) {
    try {
      Durations.parse(v);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static long nanos(String v) {
    try {
      return Durations.parse(v).toNanos();
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private static Entry find(List<Entry> entries, String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
  }

  private static String names(List<Entry> entries) {
    return entries.stream().map(Entry::name).collect(Collectors.joining(", "));
  }

  private static Map<String, String> ordered(String... keyValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.put(keyValues[i], keyValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
