package dev.aviary.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs sampled inference requests and their answers (replies and errors alike) as CloudEvents, to a
 * file of JSON lines or to an HTTP endpoint. Asynchronous and bounded: callers only offer an event
 * to a queue (when it is full the event is dropped and counted), and one background thread turns
 * events into JSON, redacts them ({@link Redaction}, the same way for every protocol) and writes
 * them. Nothing a sink does (slow, failing, unreachable) reaches inference.
 */
final class PayloadLogger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PayloadLogger.class);
  static final String REQUEST_TYPE = "dev.aviary.inference.request";
  static final String RESPONSE_TYPE = "dev.aviary.inference.response";

  /** The body of an event, turned into JSON on the logger's thread. */
  interface Body {
    JsonNode json() throws Exception;
  }

  /**
   * One sampled inference as its protocol carried it.
   *
   * @param id correlates the two events (trace id for REST, the request's id for gRPC)
   * @param unnamed which body fields hold tensors without naming them
   * @param request the request body as JSON (a body that is not JSON as a string)
   * @param response the reply, or the error the client got, as JSON
   * @param outcome {@code success}, {@code client_error}, {@code server_error} or {@code
   *     unavailable}, as the inference metrics count it
   * @param status the protocol's status: the HTTP status code, or the gRPC status name
   */
  record Inference(
      String id,
      String model,
      String version,
      Redaction.Unnamed unnamed,
      Body request,
      Body response,
      String outcome,
      String status) {}

  private record Event(
      String type,
      Inference inference,
      Instant time,
      Body body,
      Map<String, Set<String>> unnamed) {}

  private static final Event STOP = new Event("", null, Instant.EPOCH, null, Map.of());

  private final PayloadLogSettings settings;
  private final DoubleSupplier random;
  private final ServerMetrics metrics;
  private final String source;
  private final BlockingQueue<Event> queue;
  private final Thread writer;
  private final HttpClient http;
  private BufferedWriter file;

  PayloadLogger(
      PayloadLogSettings settings, DoubleSupplier random, ServerMetrics metrics, String source) {
    this.settings = settings;
    this.random = random;
    this.metrics = metrics;
    this.source = source;
    this.queue = new ArrayBlockingQueue<>(settings.bufferSize());
    this.http =
        settings.http()
            ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
            : null;
    if (!settings.http()) {
      try {
        if (settings.file().getParent() != null) {
          Files.createDirectories(settings.file().getParent());
        }
        file =
            Files.newBufferedWriter(
                settings.file(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot open payload log " + settings.file() + ": " + e.getMessage(), e);
      }
    }
    metrics.payloadLogQueue(queue::size);
    writer = new Thread(this::drain, "aviary-payload-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** Whether this request is in the sample; decide once per request, before logging it. */
  boolean sample() {
    double r = settings.sampleRate();
    return r >= 1 || (r > 0 && random.getAsDouble() < r);
  }

  /** Offers the request and response events of one sampled inference; never blocks. */
  void log(Inference i) {
    Instant now = Instant.now();
    offer(new Event(REQUEST_TYPE, i, now, i.request(), i.unnamed().request()));
    offer(new Event(RESPONSE_TYPE, i, now, i.response(), i.unnamed().response()));
  }

  private void offer(Event e) {
    if (!queue.offer(e)) {
      metrics.payloadLog("dropped");
    }
  }

  private void drain() {
    while (true) {
      Event e;
      try {
        e = queue.take();
      } catch (InterruptedException ex) {
        return;
      }
      if (e == STOP) {
        return;
      }
      try {
        write(e);
        metrics.payloadLog("written");
      } catch (Exception ex) {
        metrics.payloadLog("failed");
        LOG.warn(
            "payload log: could not write an event of {}: {}", e.inference().id(), ex.toString());
      }
    }
  }

  private void write(Event e) throws Exception {
    ObjectNode ce = Json.MAPPER.createObjectNode();
    ce.put("specversion", "1.0");
    Inference i = e.inference();
    ce.put("id", i.id());
    ce.put("type", e.type());
    ce.put("source", source);
    ce.put("time", e.time().toString());
    ce.put("datacontenttype", "application/json");
    ce.put("modelname", i.model());
    ce.put("modelversion", i.version());
    if (e.type().equals(RESPONSE_TYPE)) {
      ce.put("outcome", i.outcome());
      ce.put("status", i.status());
    }
    ce.set("data", Redaction.apply(e.body().json(), settings.redact(), e.unnamed()));
    byte[] bytes = Json.MAPPER.writeValueAsBytes(ce);
    if (http != null) {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(settings.target()))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/cloudevents+json; charset=utf-8")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 != 2) {
        throw new IOException("the sink answered HTTP " + r.statusCode());
      }
    } else {
      file.write(new String(bytes, StandardCharsets.UTF_8));
      file.newLine();
      if (queue.isEmpty()) {
        file.flush();
      }
    }
  }

  /** Writes what is queued (for at most {@code timeout}), then stops. */
  void close(Duration timeout) {
    try {
      if (!queue.offer(STOP, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        writer.interrupt();
      }
      writer.join(Math.max(1, timeout.toMillis()));
      if (writer.isAlive()) {
        writer.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        LOG.warn("payload log: closing {} failed: {}", settings.file(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
