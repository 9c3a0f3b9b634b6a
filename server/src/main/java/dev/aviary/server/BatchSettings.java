package dev.aviary.server;

import dev.aviary.durations.Durations;
import java.time.Duration;

/**
 * Dynamic batching of one model. Batching is off when {@code maxBatchSize} is 1.
 *
 * @param maxBatchSize rows merged into one model call at most
 * @param maxBatchDelay longest a request waits for others while the model is busy
 * @param maxQueueSize requests waiting for a batch beyond which 503 is answered
 */
public record BatchSettings(int maxBatchSize, Duration maxBatchDelay, int maxQueueSize) {
  public static final BatchSettings OFF = new BatchSettings(1, Duration.ZERO, 1024);

  public BatchSettings {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("max batch size must be at least 1, got " + maxBatchSize);
    }
    if (maxBatchDelay == null
        || maxBatchDelay.isNegative()
        || maxBatchDelay.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "max batch delay must be 0..1s, got "
              + (maxBatchDelay == null ? "nothing" : Durations.format(maxBatchDelay)));
    }
    if (maxQueueSize < 1) {
      throw new IllegalArgumentException("max batch queue must be at least 1, got " + maxQueueSize);
    }
  }

  public boolean enabled() {
    return maxBatchSize > 1;
  }
}
