package dev.aviary.server;

/** What a model produces under one output name, and how the server returns it. */
sealed interface OutputSpec {
  String name();

  /** The datatype clients receive. */
  Datatype datatype();

  /** A plain tensor, returned as is. */
  record TensorOutput(TensorSpec spec) implements OutputSpec {
    @Override
    public String name() {
      return spec.name();
    }

    @Override
    public Datatype datatype() {
      return spec.datatype();
    }
  }

  /**
   * Class probabilities as ONNX maps (a ZipMap's {@code seq(map(int64|string, float))}, or a single
   * map), returned as a {@code [batch, classes]} tensor with the class labels in {@code
   * parameters.classes}.
   */
  record ProbabilityMaps(String name, Datatype datatype, boolean sequence) implements OutputSpec {}
}
