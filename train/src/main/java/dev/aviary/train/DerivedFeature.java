package dev.aviary.train;

/**
 * One column of a model's feature vector, computed from the raw {@link Feature} row. Each case can
 * both evaluate itself in Java (for training) and emit the same computation as ONNX nodes (for
 * serving), so the exported model accepts raw features.
 */
sealed interface DerivedFeature {

  /** Name used in Tribuo and in the documentation. */
  String name();

  /** The value for one raw row, in float arithmetic like the ONNX graph. */
  float evaluate(float[] raw);

  /** Emits nodes computing this column as a float tensor [N, 1]; returns its value name. */
  String emit(OnnxGraphBuilder graph);

  /** The raw value itself. */
  record Raw(Feature feature) implements DerivedFeature {
    @Override
    public String name() {
      return feature.column();
    }

    @Override
    public float evaluate(float[] raw) {
      return raw[feature.ordinal()];
    }

    @Override
    public String emit(OnnxGraphBuilder graph) {
      return graph.column(feature.ordinal());
    }
  }

  /** {@code ln(x + offset)}: tames heavy-tailed amounts and distances. */
  record LogOf(Feature feature, float offset) implements DerivedFeature {
    @Override
    public String name() {
      return "log_" + feature.column();
    }

    @Override
    public float evaluate(float[] raw) {
      return (float) Math.log(raw[feature.ordinal()] + offset);
    }

    @Override
    public String emit(OnnxGraphBuilder graph) {
      String shifted = graph.node("Add", graph.column(feature.ordinal()), graph.scalar(offset));
      return graph.node("Log", shifted);
    }
  }

  /** 1 when {@code x < threshold}, else 0. */
  record Below(Feature feature, float threshold) implements DerivedFeature {
    @Override
    public String name() {
      return feature.column() + "_below_" + compact(threshold);
    }

    @Override
    public float evaluate(float[] raw) {
      return raw[feature.ordinal()] < threshold ? 1f : 0f;
    }

    @Override
    public String emit(OnnxGraphBuilder graph) {
      return graph.toFloat(
          graph.node("Less", graph.column(feature.ordinal()), graph.scalar(threshold)));
    }
  }

  /** 1 when {@code x > threshold}, else 0. */
  record Above(Feature feature, float threshold) implements DerivedFeature {
    @Override
    public String name() {
      return feature.column() + "_above_" + compact(threshold);
    }

    @Override
    public float evaluate(float[] raw) {
      return raw[feature.ordinal()] > threshold ? 1f : 0f;
    }

    @Override
    public String emit(OnnxGraphBuilder graph) {
      return graph.toFloat(
          graph.node("Greater", graph.column(feature.ordinal()), graph.scalar(threshold)));
    }
  }

  /** One-hot indicator of a category code. */
  record EqualTo(Feature feature, float value) implements DerivedFeature {
    @Override
    public String name() {
      return feature.column() + "_is_" + compact(value);
    }

    @Override
    public float evaluate(float[] raw) {
      return raw[feature.ordinal()] == value ? 1f : 0f;
    }

    @Override
    public String emit(OnnxGraphBuilder graph) {
      return graph.toFloat(
          graph.node("Equal", graph.column(feature.ordinal()), graph.scalar(value)));
    }
  }

  /** The product of two derived columns: an explicit interaction. */
  record Product(DerivedFeature left, DerivedFeature right) implements DerivedFeature {
    @Override
    public String name() {
      return left.name() + "_x_" + right.name();
    }

    @Override
    public float evaluate(float[] raw) {
      return left.evaluate(raw) * right.evaluate(raw);
    }

    @Override
    public String emit(OnnxGraphBuilder graph) {
      return graph.node("Mul", left.emit(graph), right.emit(graph));
    }
  }

  private static String compact(float v) {
    return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
  }
}
