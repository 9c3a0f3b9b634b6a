package dev.aviary.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Writes the log to stdout from a background thread, many lines per write: a request thread only
 * queues its event, and encoding and the write system call happen elsewhere, once per batch rather
 * than once per line (one access-log line per request made both a per-request cost).
 *
 * <p>The queue is bounded. When it is full, INFO and lower events are dropped and counted ({@link
 * #droppedEvents()}, exported as a metric) instead of holding up requests; WARN and ERROR events
 * wait for room. Once the JVM begins to shut down, the queue is written out and every later event
 * is written at once, so that lines logged while draining are not lost.
 */
public final class AsyncConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  static final int DEFAULT_QUEUE_SIZE = 8192;
  private static final int MAX_BATCH = 1024;
  // How long the writer lets lines gather after the first one before it writes them. Woken for
  // every line, it would cost each request a thread wake-up, more than the write it saves.
  private static final long GATHER_NANOS = 1_000_000;
  private static final AtomicLong DROPPED = new AtomicLong();

  private final Supplier<OutputStream> output;
  private final Object writeLock = new Object();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
  private final List<ILoggingEvent> batch = new ArrayList<>();
  private Encoder<ILoggingEvent> encoder;
  private int queueSize = DEFAULT_QUEUE_SIZE;
  private BlockingQueue<ILoggingEvent> queue;
  private Thread writer;
  private Thread shutdownHook;
  private volatile boolean synchronous;
  // Set by the writer before it parks for want of lines; a logging thread then unparks it.
  private volatile boolean writerIdle;

  /** Writes to {@code System.out} as it is at each write. */
  public AsyncConsoleAppender() {
    this(() -> System.out);
  }

  AsyncConsoleAppender(Supplier<OutputStream> output) {
    this.output = output;
  }

  /** Events dropped because the queue was full, by all appenders of this process. */
  public static long droppedEvents() {
    return DROPPED.get();
  }

  public Encoder<ILoggingEvent> getEncoder() {
    return encoder;
  }

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + name);
      return;
    }
    if (queueSize < 1) {
      addError("queueSize must be at least 1, was " + queueSize);
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    synchronous = false;
    writer = new Thread(this::writeLoop, "aviary-log-writer");
    writer.setDaemon(true);
    writer.start();
    shutdownHook = new Thread(this::goSynchronous, "aviary-log-flush");
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      shutdownHook = null;
      synchronous = true;
    }
    super.start();
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    goSynchronous();
    writer.interrupt();
    try {
      writer.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeNow(null); // an event queued while the mode changed
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook runs or has run; it only writes out what is queued.
      }
    }
    super.stop();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (synchronous) {
      writeNow(event);
      return;
    }
    // Captures the message, MDC and thread name now: the event is encoded on another thread.
    event.prepareForDeferredProcessing();
    if (queue.offer(event)) {
      if (writerIdle) {
        LockSupport.unpark(writer);
      }
      return;
    }
    if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
      DROPPED.incrementAndGet();
      return;
    }
    try {
      queue.put(event);
      LockSupport.unpark(writer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writeNow(event);
    }
  }

  /** From now on events are written by the thread that logs them, after what is queued. */
  private void goSynchronous() {
    synchronous = true;
    writeNow(null);
  }

  private void writeNow(ILoggingEvent event) {
    synchronized (writeLock) {
      queue.drainTo(batch);
      if (event != null) {
        batch.add(event);
      }
      writeBatch();
    }
  }

  private void writeLoop() {
    while (!Thread.currentThread().isInterrupted()) {
      if (queue.isEmpty()) {
        writerIdle = true;
        if (queue.isEmpty()) {
          LockSupport.park(this);
        }
        writerIdle = false;
        continue;
      }
      LockSupport.parkNanos(this, GATHER_NANOS);
      // Events leave the queue only under the lock, so a line written directly at shutdown can
      // never overtake one the writer has taken.
      synchronized (writeLock) {
        queue.drainTo(batch, MAX_BATCH);
        writeBatch();
      }
    }
  }

  /** Encodes and writes {@link #batch} with one write; call holding {@link #writeLock}. */
  private void writeBatch() {
    if (batch.isEmpty()) {
      return;
    }
    buffer.reset();
    for (ILoggingEvent e : batch) {
      try {
        buffer.writeBytes(encoder.encode(e));
      } catch (RuntimeException encodingFailed) {
        addError("cannot encode a log event", encodingFailed);
      }
    }
    batch.clear();
    try {
      OutputStream out = output.get();
      buffer.writeTo(out);
      out.flush();
    } catch (IOException writeFailed) {
      addError("cannot write the log", writeFailed);
    }
  }
}
