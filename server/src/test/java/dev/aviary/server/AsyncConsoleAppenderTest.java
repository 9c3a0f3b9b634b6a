package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncConsoleAppenderTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("test");
  private AsyncConsoleAppender appender;

  AsyncConsoleAppenderTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  @AfterEach
  void stop() {
    if (appender != null) {
      appender.stop();
    }
  }

  @Test
  void writesEveryLineInTheOrderLogged() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    appender = started(new AsyncConsoleAppender(() -> out), 8192);

    IntStream.range(0, 5000).forEach(i -> appender.doAppend(event(Level.INFO, "line " + i)));

    List<String> expected = IntStream.range(0, 5000).mapToObj(i -> "INFO line " + i).toList();
    await().atMost(Duration.ofSeconds(10)).until(() -> lines(out).size() == 5000);
    assertThat(lines(out)).isEqualTo(expected);
  }

  @Test
  void writesManyLinesPerWriteWhenTheyArriveFasterThanOneWriteTakes() throws Exception {
    GatedOutput out = new GatedOutput();
    appender = started(new AsyncConsoleAppender(() -> out), 8192);

    appender.doAppend(event(Level.INFO, "first"));
    assertThat(out.firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    IntStream.range(0, 100).forEach(i -> appender.doAppend(event(Level.INFO, "queued " + i)));
    out.release.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> lines(out.written).size() == 101);
    assertThat(out.writes.get()).isEqualTo(2);
  }

  @Test
  void dropsAndCountsInfoLinesWhenTheQueueIsFullButKeepsWarnings() throws Exception {
    GatedOutput out = new GatedOutput();
    appender = started(new AsyncConsoleAppender(() -> out), 4);
    appender.doAppend(event(Level.INFO, "stalls the writer"));
    assertThat(out.firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    long droppedBefore = AsyncConsoleAppender.droppedEvents();

    IntStream.range(0, 4).forEach(i -> appender.doAppend(event(Level.INFO, "fits " + i)));
    IntStream.range(0, 10).forEach(i -> appender.doAppend(event(Level.INFO, "dropped " + i)));
    Thread warner = new Thread(() -> appender.doAppend(event(Level.WARN, "waits for room")));
    warner.start();

    assertThat(AsyncConsoleAppender.droppedEvents() - droppedBefore).isEqualTo(10);
    await().atMost(Duration.ofSeconds(10)).until(() -> warner.getState() == Thread.State.WAITING);
    out.release.countDown();
    warner.join(10_000);

    await().atMost(Duration.ofSeconds(10)).until(() -> lines(out.written).size() == 6);
    assertThat(lines(out.written))
        .containsExactly(
            "INFO stalls the writer",
            "INFO fits 0",
            "INFO fits 1",
            "INFO fits 2",
            "INFO fits 3",
            "WARN waits for room");
  }

  @Test
  void stoppingWritesWhatIsQueuedAndLaterLinesAreWrittenAtOnce() throws Exception {
    GatedOutput out = new GatedOutput();
    appender = started(new AsyncConsoleAppender(() -> out), 8192);
    appender.doAppend(event(Level.INFO, "held"));
    assertThat(out.firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    IntStream.range(0, 3).forEach(i -> appender.doAppend(event(Level.INFO, "queued " + i)));

    Thread stopper = new Thread(appender::stop);
    stopper.start();
    out.release.countDown();
    stopper.join(10_000);

    assertThat(lines(out.written))
        .containsExactly("INFO held", "INFO queued 0", "INFO queued 1", "INFO queued 2");
  }

  @Test
  void refusesToStartWithoutAnEncoder() {
    appender = new AsyncConsoleAppender(ByteArrayOutputStream::new);
    appender.setContext(context);
    appender.start();
    assertThat(appender.isStarted()).isFalse();
    appender = null;
  }

  private AsyncConsoleAppender started(AsyncConsoleAppender a, int queueSize) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    a.setContext(context);
    a.setEncoder(encoder);
    a.setQueueSize(queueSize);
    a.start();
    assertThat(a.isStarted()).isTrue();
    return a;
  }

  private LoggingEvent event(Level level, String message) {
    return new LoggingEvent(getClass().getName(), logger, level, message, null, null);
  }

  private static List<String> lines(ByteArrayOutputStream out) {
    String s;
    synchronized (out) {
      s = out.toString(StandardCharsets.UTF_8);
    }
    return s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
  }

  /** Output whose writes wait until {@link #release} opens: a stdout nobody reads. */
  private static final class GatedOutput extends OutputStream {
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger writes = new AtomicInteger();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      written.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes.incrementAndGet();
      firstWriteStarted.countDown();
      awaitQuietly(release);
      written.write(b, off, len);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
