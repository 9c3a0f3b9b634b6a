package dev.aviary.server;

import com.google.protobuf.ByteString;
import dev.aviary.server.grpc.InferParameter;
import dev.aviary.server.grpc.InferTensorContents;
import dev.aviary.server.grpc.ModelInferRequest;
import dev.aviary.server.grpc.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converts OIP gRPC infer messages to the server's tensors and back, checking them against the
 * model like the REST decoder does. Tensor data comes either in the typed {@code contents} of each
 * input or, for all inputs at once, in {@code raw_input_contents} (little-endian, BYTES elements as
 * a 4-byte little-endian length followed by the bytes). Replies use the same form as the request.
 */
final class GrpcTensors {
  private GrpcTensors() {}

  static InferenceRequest decode(ModelInferRequest req, ModelSignature model) {
    boolean raw = req.getRawInputContentsCount() > 0;
    if (raw && req.getRawInputContentsCount() != req.getInputsCount()) {
      throw ApiException.badRequest(
          "raw_input_contents has "
              + req.getRawInputContentsCount()
              + " entries for "
              + req.getInputsCount()
              + " inputs; give one per input, in the order of 'inputs'");
    }
    RequestInputs decoded = new RequestInputs(model);
    for (int i = 0; i < req.getInputsCount(); i++) {
      decoded.add(decodeInput(req.getInputs(i), raw ? req.getRawInputContents(i) : null, model));
    }
    Set<String> outputs = new LinkedHashSet<>();
    for (ModelInferRequest.InferRequestedOutputTensor o : req.getOutputsList()) {
      if (model.output(o.getName()).isEmpty()) {
        throw ApiException.badRequest(
            "unknown output '"
                + o.getName()
                + "' requested; model outputs are "
                + model.outputNames());
      }
      outputs.add(o.getName());
    }
    String id = req.getId().isEmpty() ? null : req.getId();
    return new InferenceRequest(id, decoded.inModelOrder(), List.copyOf(outputs));
  }

  private static Tensor decodeInput(
      ModelInferRequest.InferInputTensor in, ByteString raw, ModelSignature model) {
    String name = in.getName();
    TensorSpec spec =
        model
            .input(name)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "unknown input '" + name + "'; model inputs are " + model.inputNames()));
    String label = "input '" + name + "'";
    Datatype datatype =
        Datatype.parse(in.getDatatype())
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        label
                            + ": unsupported datatype '"
                            + in.getDatatype()
                            + "'; supported: "
                            + Datatype.SUPPORTED));
    if (datatype != spec.datatype()) {
      throw ApiException.badRequest(
          label + ": datatype " + datatype + " does not match the model's " + spec.datatype());
    }
    long[] shape = new long[in.getShapeCount()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = in.getShape(i);
      if (shape[i] < 1) {
        throw ApiException.badRequest(
            label + ": shape[" + i + "] must be a positive integer, got " + shape[i]);
      }
    }
    long count;
    try {
      count = Tensor.elementCount(shape);
    } catch (ArithmeticException e) {
      count = Long.MAX_VALUE;
    }
    if (count > RequestDecoder.MAX_ELEMENTS) {
      throw ApiException.badRequest(label + ": shape " + Tensor.shapeText(shape) + " is too large");
    }
    RequestDecoder.checkShape(shape, spec, label);
    int n = (int) count;
    Object data;
    if (raw != null) {
      if (in.hasContents()) {
        throw ApiException.badRequest(
            label + ": has 'contents' while the request uses raw_input_contents; use one form");
      }
      data = fromRaw(raw, datatype, n, label);
    } else {
      data = fromContents(in.getContents(), datatype, n, label);
    }
    return new Tensor(name, datatype, shape, data);
  }

  private static ApiException countError(String label, int want, int got, String field) {
    return ApiException.badRequest(
        label + ": shape needs " + want + " elements but " + field + " has " + got);
  }

  private static Object fromContents(InferTensorContents c, Datatype d, int n, String label) {
    switch (d) {
      case BOOL -> {
        requireCount(label, n, c.getBoolContentsCount(), "contents.bool_contents");
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = c.getBoolContents(i);
        }
        return a;
      }
      case INT8, INT16, INT32 -> {
        requireCount(label, n, c.getIntContentsCount(), "contents.int_contents");
        long min = d == Datatype.INT8 ? Byte.MIN_VALUE : d == Datatype.INT16 ? Short.MIN_VALUE : 0;
        long max = d == Datatype.INT8 ? Byte.MAX_VALUE : d == Datatype.INT16 ? Short.MAX_VALUE : 0;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
          a[i] = c.getIntContents(i);
          if (d != Datatype.INT32 && (a[i] < min || a[i] > max)) {
            throw ApiException.badRequest(
                label
                    + ": element "
                    + i
                    + " is "
                    + a[i]
                    + ", not an integer in "
                    + min
                    + ".."
                    + max
                    + " ("
                    + d
                    + ")");
          }
        }
        if (d == Datatype.INT32) {
          return a;
        }
        if (d == Datatype.INT8) {
          byte[] b = new byte[n];
          for (int i = 0; i < n; i++) {
            b[i] = (byte) a[i];
          }
          return b;
        }
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
          s[i] = (short) a[i];
        }
        return s;
      }
      case UINT8 -> {
        requireCount(label, n, c.getUintContentsCount(), "contents.uint_contents");
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
          int v = c.getUintContents(i);
          if (v < 0 || v > 255) {
            throw ApiException.badRequest(
                label
                    + ": element "
                    + i
                    + " is "
                    + Integer.toUnsignedString(v)
                    + ", not an integer in 0..255 (UINT8)");
          }
          b[i] = (byte) v;
        }
        return b;
      }
      case INT64 -> {
        requireCount(label, n, c.getInt64ContentsCount(), "contents.int64_contents");
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
          a[i] = c.getInt64Contents(i);
        }
        return a;
      }
      case FP32 -> {
        requireCount(label, n, c.getFp32ContentsCount(), "contents.fp32_contents");
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
          a[i] = c.getFp32Contents(i);
        }
        return a;
      }
      case FP64 -> {
        requireCount(label, n, c.getFp64ContentsCount(), "contents.fp64_contents");
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
          a[i] = c.getFp64Contents(i);
        }
        return a;
      }
      case BYTES -> {
        requireCount(label, n, c.getBytesContentsCount(), "contents.bytes_contents");
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
          a[i] = utf8(c.getBytesContents(i).asReadOnlyByteBuffer(), label, i);
        }
        return a;
      }
    }
    throw new IllegalStateException("unhandled datatype " + d);
  }

  private static void requireCount(String label, int want, int got, String field) {
    if (want != got) {
      throw countError(label, want, got, field);
    }
  }

  private static Object fromRaw(ByteString raw, Datatype d, int n, String label) {
    ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (d == Datatype.BYTES) {
      String[] a = new String[n];
      for (int i = 0; i < n; i++) {
        if (b.remaining() < 4) {
          throw ApiException.badRequest(
              label + ": raw contents end before element " + i + " of " + n);
        }
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
          throw ApiException.badRequest(
              label
                  + ": raw element "
                  + i
                  + " declares "
                  + Integer.toUnsignedString(len)
                  + " bytes but only "
                  + b.remaining()
                  + " remain");
        }
        ByteBuffer s = b.slice();
        s.limit(len);
        a[i] = utf8(s, label, i);
        b.position(b.position() + len);
      }
      if (b.hasRemaining()) {
        throw ApiException.badRequest(
            label + ": raw contents have " + b.remaining() + " bytes after " + n + " elements");
      }
      return a;
    }
    int size = elementBytes(d);
    if ((long) n * size != raw.size()) {
      throw ApiException.badRequest(
          label
              + ": shape needs "
              + n
              + " elements of "
              + size
              + " bytes ("
              + (long) n * size
              + " bytes) but raw_input_contents has "
              + raw.size()
              + " bytes");
    }
    return switch (d) {
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = b.get() != 0;
        }
        yield a;
      }
      case INT8, UINT8 -> {
        byte[] a = new byte[n];
        b.get(a);
        yield a;
      }
      case INT16 -> {
        short[] a = new short[n];
        b.asShortBuffer().get(a);
        yield a;
      }
      case INT32 -> {
        int[] a = new int[n];
        b.asIntBuffer().get(a);
        yield a;
      }
      case INT64 -> {
        long[] a = new long[n];
        b.asLongBuffer().get(a);
        yield a;
      }
      case FP32 -> {
        float[] a = new float[n];
        b.asFloatBuffer().get(a);
        yield a;
      }
      case FP64 -> {
        double[] a = new double[n];
        b.asDoubleBuffer().get(a);
        yield a;
      }
      case BYTES -> throw new IllegalStateException("handled above");
    };
  }

  static int elementBytes(Datatype d) {
    return switch (d) {
      case BOOL, INT8, UINT8 -> 1;
      case INT16 -> 2;
      case INT32, FP32 -> 4;
      case INT64, FP64 -> 8;
      case BYTES -> throw new IllegalArgumentException("BYTES elements have no fixed size");
    };
  }

  private static String utf8(ByteBuffer b, String label, int i) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(b)
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest(
          label + ": element " + i + " is not UTF-8 text (BYTES carries UTF-8 text here)");
    }
  }

  /** The reply, with raw output contents when {@code raw} is true. */
  static ModelInferResponse encode(
      String model, String version, String id, List<Tensor> outputs, boolean raw) {
    ModelInferResponse.Builder r =
        ModelInferResponse.newBuilder().setModelName(model).setModelVersion(version);
    if (id != null) {
      r.setId(id);
    }
    for (Tensor t : outputs) {
      ModelInferResponse.InferOutputTensor.Builder o =
          ModelInferResponse.InferOutputTensor.newBuilder()
              .setName(t.name())
              .setDatatype(t.datatype().name());
      for (long s : t.shape()) {
        o.addShape(s);
      }
      if (!t.classes().isEmpty()) {
        o.putParameters(
            "classes",
            InferParameter.newBuilder()
                .setStringParam(
                    t.classes().stream()
                        .map(c -> Json.MAPPER.valueToTree(c).toString())
                        .collect(Collectors.joining(",", "[", "]")))
                .build());
      }
      if (raw) {
        r.addRawOutputContents(toRaw(t));
      } else {
        o.setContents(toContents(t));
      }
      r.addOutputs(o);
    }
    return r.build();
  }

  private static InferTensorContents toContents(Tensor t) {
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    int n = t.size();
    switch (t.datatype()) {
      case BOOL -> {
        for (boolean v : (boolean[]) t.data()) {
          c.addBoolContents(v);
        }
      }
      case INT8 -> {
        for (byte v : (byte[]) t.data()) {
          c.addIntContents(v);
        }
      }
      case UINT8 -> {
        for (byte v : (byte[]) t.data()) {
          c.addUintContents(Byte.toUnsignedInt(v));
        }
      }
      case INT16 -> {
        for (short v : (short[]) t.data()) {
          c.addIntContents(v);
        }
      }
      case INT32 -> {
        for (int v : (int[]) t.data()) {
          c.addIntContents(v);
        }
      }
      case INT64 -> {
        for (long v : (long[]) t.data()) {
          c.addInt64Contents(v);
        }
      }
      case FP32 -> {
        float[] a = (float[]) t.data();
        for (int i = 0; i < n; i++) {
          c.addFp32Contents(a[i]);
        }
      }
      case FP64 -> {
        for (double v : (double[]) t.data()) {
          c.addFp64Contents(v);
        }
      }
      case BYTES -> {
        for (String s : (String[]) t.data()) {
          c.addBytesContents(ByteString.copyFromUtf8(s));
        }
      }
    }
    return c.build();
  }

  static ByteString toRaw(Tensor t) {
    int n = t.size();
    if (t.datatype() == Datatype.BYTES) {
      List<byte[]> parts = new ArrayList<>(n);
      int total = 0;
      for (String s : (String[]) t.data()) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        parts.add(b);
        total += 4 + b.length;
      }
      ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
      for (byte[] p : parts) {
        b.putInt(p.length).put(p);
      }
      return ByteString.copyFrom(b.array());
    }
    ByteBuffer b =
        ByteBuffer.allocate(n * elementBytes(t.datatype())).order(ByteOrder.LITTLE_ENDIAN);
    switch (t.datatype()) {
      case BOOL -> {
        for (boolean v : (boolean[]) t.data()) {
          b.put((byte) (v ? 1 : 0));
        }
      }
      case INT8, UINT8 -> b.put((byte[]) t.data());
      case INT16 -> b.asShortBuffer().put((short[]) t.data());
      case INT32 -> b.asIntBuffer().put((int[]) t.data());
      case INT64 -> b.asLongBuffer().put((long[]) t.data());
      case FP32 -> b.asFloatBuffer().put((float[]) t.data());
      case FP64 -> b.asDoubleBuffer().put((double[]) t.data());
      case BYTES -> throw new IllegalStateException("handled above");
    }
    return ByteString.copyFrom(b.array());
  }
}
