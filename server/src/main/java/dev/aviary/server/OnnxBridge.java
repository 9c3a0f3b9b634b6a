package dev.aviary.server;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Converts between the server's {@link Tensor} values and ONNX Runtime values. */
final class OnnxBridge {
  private OnnxBridge() {}

  /** Reads a model's declared inputs and outputs, refusing kinds the server cannot carry. */
  static ModelSignature signature(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs)
      throws UnsupportedModelException {
    List<TensorSpec> in = new ArrayList<>();
    for (NodeInfo n : inputs.values()) {
      if (!(n.getInfo() instanceof TensorInfo t)) {
        throw new UnsupportedModelException(
            "input '" + n.getName() + "' is " + n.getInfo() + "; only tensor inputs are supported");
      }
      in.add(tensorSpec(n.getName(), t));
    }
    List<OutputSpec> out = new ArrayList<>();
    for (NodeInfo n : outputs.values()) {
      ValueInfo info = n.getInfo();
      if (info instanceof TensorInfo t) {
        out.add(new OutputSpec.TensorOutput(tensorSpec(n.getName(), t)));
      } else if (info instanceof SequenceInfo s && s.isSequenceOfMaps()) {
        out.add(
            new OutputSpec.ProbabilityMaps(
                n.getName(), mapValueType(n.getName(), s.mapInfo), true));
      } else if (info instanceof MapInfo m) {
        out.add(new OutputSpec.ProbabilityMaps(n.getName(), mapValueType(n.getName(), m), false));
      } else {
        throw new UnsupportedModelException(
            "output '" + n.getName() + "' is " + info + ", which the server cannot return");
      }
    }
    return new ModelSignature(in, out);
  }

  private static TensorSpec tensorSpec(String name, TensorInfo t) throws UnsupportedModelException {
    Datatype d =
        Datatype.of(t.type)
            .orElseThrow(
                () ->
                    new UnsupportedModelException(
                        "'"
                            + name
                            + "' has element type "
                            + t.type
                            + "; supported: "
                            + Datatype.SUPPORTED));
    return new TensorSpec(name, d, t.getShape());
  }

  private static Datatype mapValueType(String name, MapInfo m) throws UnsupportedModelException {
    boolean keyOk = m.keyType == OnnxJavaType.INT64 || m.keyType == OnnxJavaType.STRING;
    if (keyOk && m.valueType == OnnxJavaType.FLOAT) {
      return Datatype.FP32;
    }
    if (keyOk && m.valueType == OnnxJavaType.DOUBLE) {
      return Datatype.FP64;
    }
    throw new UnsupportedModelException(
        "output '"
            + name
            + "' is a map from "
            + m.keyType
            + " to "
            + m.valueType
            + "; supported maps are int64 or string to float or double");
  }

  /**
   * A tensor for ONNX Runtime; numeric and boolean data are copied into {@code buffers} (the
   * runtime reads them there in place), strings are passed as they are.
   *
   * @param position the input's position in the call, which picks its buffer
   */
  static OnnxTensor toOnnx(OrtEnvironment env, Tensor t, InputBuffers buffers, int position)
      throws OrtException {
    long[] shape = t.shape();
    Object data = t.data();
    return switch (t.datatype()) {
      case BOOL -> {
        boolean[] b = (boolean[]) data;
        ByteBuffer buf = buffers.forInput(position, b.length);
        for (boolean v : b) {
          buf.put((byte) (v ? 1 : 0));
        }
        yield OnnxTensor.createTensor(env, buf.flip(), shape, OnnxJavaType.BOOL);
      }
      case INT8, UINT8 -> {
        byte[] b = (byte[]) data;
        ByteBuffer buf = buffers.forInput(position, b.length).put(b).flip();
        OnnxJavaType type = t.datatype() == Datatype.INT8 ? OnnxJavaType.INT8 : OnnxJavaType.UINT8;
        yield OnnxTensor.createTensor(env, buf, shape, type);
      }
      case INT16 -> {
        short[] a = (short[]) data;
        ShortBuffer buf = buffers.forInput(position, a.length * Short.BYTES).asShortBuffer();
        yield OnnxTensor.createTensor(env, buf.put(a).flip(), shape);
      }
      case INT32 -> {
        int[] a = (int[]) data;
        IntBuffer buf = buffers.forInput(position, a.length * Integer.BYTES).asIntBuffer();
        yield OnnxTensor.createTensor(env, buf.put(a).flip(), shape);
      }
      case INT64 -> {
        long[] a = (long[]) data;
        LongBuffer buf = buffers.forInput(position, a.length * Long.BYTES).asLongBuffer();
        yield OnnxTensor.createTensor(env, buf.put(a).flip(), shape);
      }
      case FP32 -> {
        float[] a = (float[]) data;
        FloatBuffer buf = buffers.forInput(position, a.length * Float.BYTES).asFloatBuffer();
        yield OnnxTensor.createTensor(env, buf.put(a).flip(), shape);
      }
      case FP64 -> {
        double[] a = (double[]) data;
        DoubleBuffer buf = buffers.forInput(position, a.length * Double.BYTES).asDoubleBuffer();
        yield OnnxTensor.createTensor(env, buf.put(a).flip(), shape);
      }
      case BYTES -> OnnxTensor.createTensor(env, (String[]) data, shape);
    };
  }

  /** Converts one output value as produced by ONNX Runtime. */
  static Tensor fromOnnx(String name, OnnxValue value) throws OrtException {
    if (value instanceof OnnxTensor t) {
      return fromTensor(name, t);
    }
    if (value instanceof OnnxSequence s) {
      List<Map<?, ?>> rows = new ArrayList<>();
      for (OnnxValue v : s.getValue()) {
        if (!(v instanceof OnnxMap m)) {
          throw new IllegalStateException(
              "output '" + name + "' holds " + v.getType() + ", not maps");
        }
        rows.add(m.getValue());
      }
      return fromMaps(name, rows, new long[] {rows.size(), -1}, s.getInfo().mapInfo.valueType);
    }
    if (value instanceof OnnxMap m) {
      return fromMaps(name, List.of(m.getValue()), new long[] {-1}, m.getInfo().valueType);
    }
    throw new IllegalStateException(
        "output '" + name + "' has unsupported kind " + value.getType());
  }

  private static Tensor fromTensor(String name, OnnxTensor t) throws OrtException {
    TensorInfo info = t.getInfo();
    long[] shape = info.getShape();
    Datatype d =
        Datatype.of(info.type)
            .orElseThrow(
                () -> new IllegalStateException("output '" + name + "' has type " + info.type));
    Object data =
        switch (d) {
          case BOOL -> {
            ByteBuffer b = t.getByteBuffer();
            boolean[] a = new boolean[b.remaining()];
            for (int i = 0; i < a.length; i++) {
              a[i] = b.get(i) != 0;
            }
            yield a;
          }
          case INT8, UINT8 -> {
            ByteBuffer b = t.getByteBuffer();
            byte[] a = new byte[b.remaining()];
            b.get(a);
            yield a;
          }
          case INT16 -> {
            ShortBuffer b = t.getShortBuffer();
            short[] a = new short[b.remaining()];
            b.get(a);
            yield a;
          }
          case INT32 -> {
            IntBuffer b = t.getIntBuffer();
            int[] a = new int[b.remaining()];
            b.get(a);
            yield a;
          }
          case INT64 -> {
            LongBuffer b = t.getLongBuffer();
            long[] a = new long[b.remaining()];
            b.get(a);
            yield a;
          }
          case FP32 -> {
            FloatBuffer b = t.getFloatBuffer();
            float[] a = new float[b.remaining()];
            b.get(a);
            yield a;
          }
          case FP64 -> {
            DoubleBuffer b = t.getDoubleBuffer();
            double[] a = new double[b.remaining()];
            b.get(a);
            yield a;
          }
          case BYTES -> {
            List<String> out = new ArrayList<>();
            flattenStrings(t.getValue(), out);
            yield out.toArray(new String[0]);
          }
        };
    return new Tensor(name, d, shape, data);
  }

  private static void flattenStrings(Object value, List<String> out) {
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof Object[] arr) {
      for (Object o : arr) {
        flattenStrings(o, out);
      }
    }
  }

  /** Lays maps out as rows of a {@code [rows, classes]} tensor with classes in sorted order. */
  static Tensor fromMaps(
      String name, List<Map<?, ?>> rows, long[] shapeTemplate, OnnxJavaType valueType) {
    List<Object> classes = new ArrayList<>(rows.isEmpty() ? List.of() : rows.get(0).keySet());
    classes.sort(CLASS_ORDER);
    int c = classes.size();
    double[] values = new double[rows.size() * c];
    for (int r = 0; r < rows.size(); r++) {
      Map<?, ?> row = rows.get(r);
      if (row.size() != c) {
        throw new IllegalStateException("output '" + name + "': rows have different class sets");
      }
      for (int j = 0; j < c; j++) {
        Object v = row.get(classes.get(j));
        if (!(v instanceof Number num)) {
          throw new IllegalStateException(
              "output '" + name + "': row " + r + " lacks " + classes.get(j));
        }
        values[r * c + j] = num.doubleValue();
      }
    }
    long[] shape = shapeTemplate.length == 1 ? new long[] {c} : new long[] {rows.size(), c};
    if (valueType == OnnxJavaType.DOUBLE) {
      return new Tensor(name, Datatype.FP64, shape, values, classes);
    }
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return new Tensor(name, Datatype.FP32, shape, f, classes);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Comparator<Object> CLASS_ORDER =
      (a, b) -> {
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
          return ca.compareTo(b);
        }
        return a.toString().compareTo(b.toString());
      };

  /** A model whose inputs or outputs the server cannot carry. */
  static final class UnsupportedModelException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedModelException(String message) {
      super(message);
    }
  }
}
