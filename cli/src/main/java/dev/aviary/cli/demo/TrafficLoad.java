package dev.aviary.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.train.FraudDataGenerator;
import dev.aviary.train.Transaction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Steady traffic through the gateway: a few workers, each sending batches of generated transactions
 * in a closed loop with a short pause. Counts requests and failures per demo stage and answers per
 * revision, and remembers when a revision first answered.
 */
public final class TrafficLoad implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Counters of one demo stage. */
  static final class Tally {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final Map<String, AtomicLong> byRevision = new ConcurrentHashMap<>();
    final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    long of(String revision) {
      AtomicLong n = byRevision.get(revision);
      return n == null ? 0 : n.get();
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI infer;
  private final List<String> bodies = new ArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicReference<Tally> stage = new AtomicReference<>(new Tally());
  private final Map<String, Instant> firstAnswer = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong totalFailed = new AtomicLong();
  private volatile String previewHeader;
  private volatile boolean running = true;

  public TrafficLoad(int gatewayPort, String model, long seed) {
    this.infer = URI.create("http://127.0.0.1:" + gatewayPort + "/v2/models/" + model + "/infer");
    List<Transaction> txs = new FraudDataGenerator(seed).generate(8 * 64);
    for (int b = 0; b < 64; b++) {
      ObjectNode req = JSON.createObjectNode();
      ObjectNode t = req.putArray("inputs").addObject();
      t.put("name", "input").put("datatype", "FP32");
      t.putArray("shape").add(8).add(10);
      ArrayNode data = t.putArray("data");
      for (int i = 0; i < 8; i++) {
        for (float f : txs.get(b * 8 + i).features()) {
          data.add(f);
        }
      }
      bodies.add(req.toString());
    }
  }

  /** One of the request bodies the load sends. */
  String sampleBody() {
    return bodies.get(0);
  }

  public void start(int threads) {
    for (int i = 0; i < threads; i++) {
      int id = i;
      Thread t = new Thread(() -> run(id), "demo-load-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /** Counts from now on go to a fresh tally, which is returned. */
  Tally newStage() {
    Tally t = new Tally();
    stage.set(t);
    return t;
  }

  /** Every {@code n}-th request carries {@code header: true} (null = none). */
  void previewEvery(String header) {
    this.previewHeader = header;
  }

  Instant firstAnswerFrom(String revision) {
    return firstAnswer.get(revision);
  }

  long total() {
    return total.get();
  }

  long totalFailed() {
    return totalFailed.get();
  }

  private void run(int worker) {
    long n = worker;
    while (running) {
      n++;
      String body = bodies.get((int) (n % bodies.size()));
      HttpRequest.Builder b =
          HttpRequest.newBuilder(infer)
              .timeout(Duration.ofSeconds(10))
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      String ph = previewHeader;
      if (ph != null && n % 5 == 0) {
        b.header(ph, "true");
      }
      Tally t = stage.get();
      t.sent.incrementAndGet();
      total.incrementAndGet();
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String rev = r.headers().firstValue("x-aviary-revision").orElse("?");
        if (r.statusCode() != 200) {
          fail(t, r.statusCode() + " from " + rev + ": " + r.body());
        } else {
          t.byRevision.computeIfAbsent(rev, k -> new AtomicLong()).incrementAndGet();
          firstAnswer.putIfAbsent(rev, Instant.now());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (running) {
          fail(t, e.toString());
        }
      }
      try {
        Thread.sleep(15);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void fail(Tally t, String why) {
    t.failed.incrementAndGet();
    totalFailed.incrementAndGet();
    if (t.failures.size() < 5) {
      t.failures.add(why.length() > 200 ? why.substring(0, 200) : why);
    }
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : workers) {
      try {
        t.join(12_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
