package dev.aviary.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins late ground truth with what the model predicted. Remembers the predicted labels of the most
 * recent inference requests by request id (at most {@code maxIds} requests, each for at most {@code
 * maxAge}; the oldest are forgotten first), and, once a request's true labels arrive, counts each
 * row as right or wrong in a window of the last {@code accuracyRows} labelled rows. A request is
 * labelled once: its id is forgotten when joined. Not thread-safe: the caller serialises.
 */
public final class FeedbackLedger {
  /** What became of one feedback item. */
  public enum Outcome {
    /** Joined with its prediction and counted. */
    MATCHED,
    /** The id is not (or no longer) remembered: never seen, expired, forgotten or labelled. */
    UNMATCHED,
    /** The number of labels differs from the number of rows the request predicted. */
    WRONG_ROWS
  }

  private record Prediction(List<String> labels, Instant at) {}

  private final int maxIds;
  private final Duration maxAge;
  private final int minLabelled;
  private final LinkedHashMap<String, Prediction> predictions = new LinkedHashMap<>();
  private final boolean[] correct;
  private int start;
  private int size;
  private int correctInWindow;
  private long matched;
  private long unmatched;

  /**
   * @param minLabelled below this many labelled rows the accuracy is NaN
   */
  public FeedbackLedger(int maxIds, Duration maxAge, int accuracyRows, int minLabelled) {
    if (maxIds < 1 || accuracyRows < 1 || minLabelled < 1 || minLabelled > accuracyRows) {
      throw new IllegalArgumentException(
          "feedback: ids and accuracy rows must be at least 1 and the minimum at most the rows");
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("feedback retention must be positive, got " + maxAge);
    }
    this.maxIds = maxIds;
    this.maxAge = maxAge;
    this.minLabelled = minLabelled;
    this.correct = new boolean[accuracyRows];
  }

  /** Remembers the labels a request was answered with, one per row. */
  public void predicted(String id, List<String> labels, Instant now) {
    expire(now);
    predictions.remove(id);
    predictions.put(id, new Prediction(List.copyOf(labels), now));
    if (predictions.size() > maxIds) {
      Iterator<Map.Entry<String, Prediction>> it = predictions.entrySet().iterator();
      it.next();
      it.remove();
    }
  }

  /** Joins the true labels of a request, one per row. */
  public Outcome labelled(String id, List<String> labels, Instant now) {
    expire(now);
    Prediction p = predictions.get(id);
    if (p == null) {
      unmatched++;
      return Outcome.UNMATCHED;
    }
    if (p.labels().size() != labels.size()) {
      return Outcome.WRONG_ROWS;
    }
    predictions.remove(id);
    matched++;
    for (int i = 0; i < labels.size(); i++) {
      record(p.labels().get(i).equals(labels.get(i)));
    }
    return Outcome.MATCHED;
  }

  private void record(boolean right) {
    if (size == correct.length) {
      if (correct[start]) {
        correctInWindow--;
      }
      start = (start + 1) % correct.length;
      size--;
    }
    correct[(start + size) % correct.length] = right;
    size++;
    if (right) {
      correctInWindow++;
    }
  }

  /** Share of the labelled rows in the window predicted right; NaN below the minimum. */
  public double accuracy() {
    return size < minLabelled ? Double.NaN : (double) correctInWindow / size;
  }

  /** Labelled rows in the accuracy window. */
  public int labelledRows() {
    return size;
  }

  public long matched() {
    return matched;
  }

  public long unmatched() {
    return unmatched;
  }

  /** Requests whose prediction is remembered. */
  public int remembered(Instant now) {
    expire(now);
    return predictions.size();
  }

  private void expire(Instant now) {
    Instant oldest = now.minus(maxAge);
    Iterator<Prediction> it = predictions.values().iterator();
    while (it.hasNext()) {
      if (it.next().at().isBefore(oldest)) {
        it.remove();
      } else {
        return;
      }
    }
  }
}
