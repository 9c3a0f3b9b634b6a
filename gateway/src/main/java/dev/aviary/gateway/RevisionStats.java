package dev.aviary.gateway;

import dev.aviary.durations.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** The meters of one (route, revision): Prometheus meters plus the sliding window. */
final class RevisionStats {
  private static final Duration[] BUCKETS = LatencyBuckets.bounds();

  final String route;
  final String revision;
  private final Counter[] byClass = new Counter[6];
  private final Timer latency;
  private final Counter retries;
  private final Counter ejections;

  /** Striped: every event loop moves it twice per request. */
  final LongAdder inFlight = new LongAdder();

  final SlidingWindow window;

  RevisionStats(MeterRegistry registry, Clock clock, String route, String revision) {
    this.route = route;
    this.revision = revision;
    for (int c = 1; c <= 5; c++) {
      byClass[c] =
          Counter.builder("aviary.gateway.requests")
              .description("Requests answered, by outcome class of the status sent to the client")
              .tags("route", route, "revision", revision, "outcome", c + "xx")
              .register(registry);
    }
    latency =
        Timer.builder("aviary.gateway.request.duration")
            .description("Time from the request's arrival to the end of the answer")
            .tags("route", route, "revision", revision)
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    retries =
        Counter.builder("aviary.gateway.retries")
            .description("Attempts repeated on another endpoint")
            .tags("route", route, "revision", revision)
            .register(registry);
    ejections =
        Counter.builder("aviary.gateway.ejections")
            .description("Endpoints ejected by outlier detection")
            .tags("route", route, "revision", revision)
            .register(registry);
    Gauge.builder("aviary.gateway.in.flight.requests", inFlight, LongAdder::sum)
        .description("Requests being proxied right now")
        .tags("route", route, "revision", revision)
        .register(registry);
    window = new SlidingWindow(clock);
  }

  void record(int status, long nanos) {
    int c = status / 100;
    byClass[c >= 1 && c <= 5 ? c : 5].increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
    window.record(nanos, status);
  }

  void retried() {
    retries.increment();
  }

  void ejected() {
    ejections.increment();
  }
}
