package dev.aviary.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aviary.durations.Durations;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link LoadReport} for people (text) and for scripts (JSON). */
final class ReportFormat {

  private ReportFormat() {}

  static String text(LoadReport r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "target    %s %s", r.method(), r.url()));
    if (r.bodyBytes() > 0) {
      b.append(String.format(Locale.ROOT, " (body %d bytes)", r.bodyBytes()));
    }
    b.append('\n');
    LoadReport.OpenLoop open = r.openLoop();
    if (open == null) {
      b.append(
          String.format(
              Locale.ROOT,
              "load      closed loop, %d connection(s), warm-up %s, measured %s%n",
              r.concurrency(),
              Durations.format(r.warmup()),
              Durations.format(r.duration())));
    } else {
      b.append(
          String.format(
              Locale.ROOT,
              "load      open loop, %.1f requests/s, up to %d outstanding (connections),"
                  + " warm-up %s, measured %s%n",
              open.rate(),
              r.concurrency(),
              Durations.format(r.warmup()),
              Durations.format(r.duration())));
      b.append(
          String.format(
              Locale.ROOT,
              "schedule  %d due, %d sent, %d not sent (every connection busy to the end);"
                  + " %d late (over %.0f ms behind), max %.3f ms behind%n",
              open.scheduled(),
              open.sent(),
              open.unsent(),
              open.late(),
              open.lateAfterMs(),
              open.maxLagMs()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "requests  %d in the window, %.1f/s%s; ok %d, errors %d%n",
            r.requests(),
            r.requestsPerSecond(),
            open == null ? "" : " achieved",
            r.ok(),
            r.errorCount()));
    if (open != null && open.unsent() > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "warning   %d request(s) due in the window were never sent: the rate is more than the"
                  + " server (or this machine) sustained with %d connection(s); the latencies leave"
                  + " them out, so they understate the queueing%n",
              open.unsent(),
              r.concurrency()));
    } else if (r.requests() == 0) {
      b.append(
          "warning   no request both started and finished inside the measured window;"
              + " use a longer --warmup or --duration\n");
    }
    LoadReport.Latency l = r.latency();
    b.append(
        String.format(
            Locale.ROOT,
            "latency   p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms"
                + "  (mean %.3f ms, %d responses%s)%n",
            l.p50(),
            l.p90(),
            l.p99(),
            l.p999(),
            l.max(),
            l.mean(),
            l.count(),
            open == null ? "" : ", from the intended send time"));
    if (open != null) {
      LoadReport.Latency s = open.fromSend();
      b.append(
          String.format(
              Locale.ROOT,
              "from send p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms"
                  + "  (the same responses from the actual send, without schedule delays)%n",
              s.p50(),
              s.p90(),
              s.p99(),
              s.p999(),
              s.max()));
    }
    if (!r.errors().isEmpty()) {
      b.append("errors   ");
      new java.util.TreeMap<>(r.errors())
          .forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s: %d;", k, v)));
      b.setLength(b.length() - 1);
      b.append('\n');
    }
    return b.toString();
  }

  static String json(LoadReport r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("method", r.method());
    root.put("url", r.url());
    root.put("bodyBytes", r.bodyBytes());
    root.put("mode", r.openLoop() == null ? "closed" : "open");
    root.put("concurrency", r.concurrency());
    root.put("warmupSeconds", r.warmup().toMillis() / 1000.0);
    root.put("durationSeconds", r.duration().toMillis() / 1000.0);
    root.put("requests", r.requests());
    root.put("requestsPerSecond", r.requestsPerSecond());
    root.put("ok", r.ok());
    root.put("errors", new java.util.TreeMap<>(r.errors()));
    root.put("completedAllPhases", r.completedAllPhases());
    LoadReport.Latency l = r.latency();
    root.put("latency", latency(l));
    LoadReport.OpenLoop open = r.openLoop();
    if (open != null) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("rate", open.rate());
      o.put("scheduled", open.scheduled());
      o.put("sent", open.sent());
      o.put("unsent", open.unsent());
      o.put("late", open.late());
      o.put("lateAfterMs", open.lateAfterMs());
      o.put("maxLagMs", open.maxLagMs());
      o.put("fromSend", latency(open.fromSend()));
      root.put("openLoop", o);
    }
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of numbers and strings always serialises", e);
    }
  }

  private static Map<String, Object> latency(LoadReport.Latency l) {
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("count", l.count());
    latency.put("meanMs", l.mean());
    latency.put("p50Ms", l.p50());
    latency.put("p90Ms", l.p90());
    latency.put("p99Ms", l.p99());
    latency.put("p999Ms", l.p999());
    latency.put("maxMs", l.max());
    return latency;
  }
}
