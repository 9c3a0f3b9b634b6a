package dev.aviary.server;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merges compatible requests into one along the first (batch) dimension and splits the outputs
 * back, row for row. Requests are compatible when their inputs agree in names, datatypes and every
 * dimension but the first, and they ask for the same outputs.
 */
final class BatchMerge {
  private BatchMerge() {}

  /**
   * The compatibility key of a request, or null when it cannot share a model call (a scalar input,
   * or inputs that disagree on the number of rows).
   */
  static String key(InferenceRequest r) {
    StringBuilder b = new StringBuilder();
    long rows = -1;
    for (Tensor t : r.inputs()) {
      long[] s = t.shape();
      if (s.length == 0 || (rows >= 0 && s[0] != rows)) {
        return null;
      }
      rows = s[0];
      b.append(t.name()).append(':').append(t.datatype());
      for (int i = 1; i < s.length; i++) {
        b.append(',').append(s[i]);
      }
      b.append(';');
    }
    b.append("->").append(String.join(",", r.outputs()));
    return b.toString();
  }

  /** Rows of a request whose {@link #key} is not null. */
  static int rows(InferenceRequest r) {
    return r.inputs().isEmpty() ? 0 : Math.toIntExact(r.inputs().get(0).shape()[0]);
  }

  /** One request holding every row of {@code requests}, in order; all must share a key. */
  static InferenceRequest merge(List<InferenceRequest> requests) {
    InferenceRequest first = requests.get(0);
    int total = 0;
    for (InferenceRequest r : requests) {
      total += rows(r);
    }
    List<Tensor> inputs = new ArrayList<>(first.inputs().size());
    for (int i = 0; i < first.inputs().size(); i++) {
      Tensor proto = first.inputs().get(i);
      int length = 0;
      for (InferenceRequest r : requests) {
        length += r.inputs().get(i).size();
      }
      Object data = Array.newInstance(proto.data().getClass().getComponentType(), length);
      int at = 0;
      for (InferenceRequest r : requests) {
        Tensor t = r.inputs().get(i);
        int n = t.size();
        System.arraycopy(t.data(), 0, data, at, n);
        at += n;
      }
      long[] shape = proto.shape().clone();
      shape[0] = total;
      inputs.add(new Tensor(proto.name(), proto.datatype(), shape, data));
    }
    return new InferenceRequest(null, inputs, first.outputs());
  }

  /** The model's outputs did not have one row per input row, so they cannot be split. */
  static final class NotSplittableException extends Exception {
    private static final long serialVersionUID = 1L;

    NotSplittableException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Splits merged outputs back into one list per request.
   *
   * @param rows rows of each request, in merge order
   */
  static List<List<Tensor>> split(List<Tensor> outputs, int[] rows) throws NotSplittableException {
    int total = Arrays.stream(rows).sum();
    List<List<Tensor>> out = new ArrayList<>(rows.length);
    for (int k = 0; k < rows.length; k++) {
      out.add(new ArrayList<>(outputs.size()));
    }
    for (Tensor t : outputs) {
      long[] shape = t.shape();
      if (shape.length == 0 || shape[0] != total) {
        throw new NotSplittableException(
            "output '"
                + t.name()
                + "' has shape "
                + Tensor.shapeText(shape)
                + ", not one row per input row ("
                + total
                + ")");
      }
      int perRow = total == 0 ? 0 : t.size() / total;
      Class<?> component = t.data().getClass().getComponentType();
      int at = 0;
      for (int k = 0; k < rows.length; k++) {
        int n = rows[k] * perRow;
        Object data = Array.newInstance(component, n);
        System.arraycopy(t.data(), at, data, 0, n);
        at += n;
        long[] s = shape.clone();
        s[0] = rows[k];
        out.get(k).add(new Tensor(t.name(), t.datatype(), s, data, t.classes()));
      }
    }
    return out;
  }
}
