package dev.aviary.server;

import ai.onnxruntime.OnnxJavaType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Open Inference Protocol tensor datatypes this server reads and writes. */
enum Datatype {
  BOOL(OnnxJavaType.BOOL),
  INT8(OnnxJavaType.INT8),
  UINT8(OnnxJavaType.UINT8),
  INT16(OnnxJavaType.INT16),
  INT32(OnnxJavaType.INT32),
  INT64(OnnxJavaType.INT64),
  FP32(OnnxJavaType.FLOAT),
  FP64(OnnxJavaType.DOUBLE),
  BYTES(OnnxJavaType.STRING);

  static final String SUPPORTED =
      Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

  final OnnxJavaType onnx;

  Datatype(OnnxJavaType onnx) {
    this.onnx = onnx;
  }

  static Optional<Datatype> parse(String name) {
    for (Datatype d : values()) {
      if (d.name().equals(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  static Optional<Datatype> of(OnnxJavaType type) {
    for (Datatype d : values()) {
      if (d.onnx == type) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  boolean isFloatingPoint() {
    return this == FP32 || this == FP64;
  }
}
