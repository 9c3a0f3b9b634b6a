package dev.aviary.registry;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads a model's signature by opening it in ONNX Runtime, which also proves it is ONNX. */
public final class OnnxSignatures {
  private OnnxSignatures() {}

  public static Signature read(Path file) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(file.toString(), options)) {
        return of(session);
      }
    } catch (OrtException e) {
      throw new RegistryException(
          file + " is not a readable ONNX model: " + firstLine(e.getMessage()), e);
    }
  }

  /** The signature of an open session, for callers that run the model too. */
  public static Signature of(OrtSession session) throws OrtException {
    return new Signature(describe(session.getInputInfo()), describe(session.getOutputInfo()));
  }

  private static List<TensorSignature> describe(Map<String, NodeInfo> nodes) {
    List<TensorSignature> out = new ArrayList<>();
    for (NodeInfo n : nodes.values()) {
      ValueInfo info = n.getInfo();
      if (info instanceof TensorInfo t) {
        out.add(
            new TensorSignature(
                n.getName(),
                "tensor",
                datatype(t.type),
                Arrays.stream(t.getShape()).boxed().toList()));
      } else if (info instanceof MapInfo m) {
        out.add(
            new TensorSignature(
                n.getName(), "map", datatype(m.keyType) + "->" + datatype(m.valueType), List.of()));
      } else if (info instanceof SequenceInfo s) {
        String element =
            s.sequenceOfMaps
                ? "map " + datatype(s.mapInfo.keyType) + "->" + datatype(s.mapInfo.valueType)
                : datatype(s.sequenceType);
        out.add(new TensorSignature(n.getName(), "sequence", element, List.of()));
      } else {
        out.add(new TensorSignature(n.getName(), "unknown", String.valueOf(info), List.of()));
      }
    }
    return out;
  }

  /** The datatype names of the Open Inference Protocol, as the model server reports them. */
  private static String datatype(OnnxJavaType t) {
    return switch (t) {
      case FLOAT -> "FP32";
      case DOUBLE -> "FP64";
      case FLOAT16 -> "FP16";
      case BFLOAT16 -> "BF16";
      case INT8 -> "INT8";
      case INT16 -> "INT16";
      case INT32 -> "INT32";
      case INT64 -> "INT64";
      case UINT8 -> "UINT8";
      case BOOL -> "BOOL";
      case STRING -> "BYTES";
      default -> t.name();
    };
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
