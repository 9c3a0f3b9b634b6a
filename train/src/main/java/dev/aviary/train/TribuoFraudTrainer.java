package dev.aviary.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Trains one {@link FraudModelVersion} with Tribuo. */
final class TribuoFraudTrainer {

  static final String FRAUD = "fraud";
  static final String LEGIT = "legit";
  private static final LabelFactory LABELS = new LabelFactory();

  private TribuoFraudTrainer() {}

  /** A trained model with the feature pipeline and standardiser its inputs go through. */
  record Trained(
      FraudModelVersion version,
      Model<Label> model,
      FeaturePipeline pipeline,
      Standardizer standardizer,
      long seed) {

    ONNXExportable onnx() {
      return (ONNXExportable) model;
    }

    /** Position of the fraud probability in the model's output vector. */
    int fraudIndex() {
      return model.getOutputIDInfo().getID(new Label(FRAUD));
    }

    /** Label names in output-vector order. */
    List<String> outputLabels() {
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < model.getOutputIDInfo().size(); i++) {
        labels.add(model.getOutputIDInfo().getOutput(i).getLabel());
      }
      return labels;
    }

    double[] fraudProbabilities(List<Transaction> rows) {
      String[] names = tribuoNames(pipeline);
      double[] out = new double[rows.size()];
      for (int i = 0; i < out.length; i++) {
        float[] prepared = standardizer.apply(pipeline.apply(rows.get(i).features()));
        Prediction<Label> p = model.predict(example(names, prepared, LEGIT));
        out[i] = p.getOutputScores().get(FRAUD).getScore();
      }
      return out;
    }
  }

  static Trained train(FraudModelVersion version, List<Transaction> training, long seed) {
    FeaturePipeline pipeline = version.pipeline();
    List<float[]> prepared = new ArrayList<>(training.size());
    for (Transaction t : training) {
      prepared.add(pipeline.apply(t.features()));
    }
    Standardizer standardizer = Standardizer.fit(prepared);
    String[] names = tribuoNames(pipeline);
    MutableDataset<Label> data =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("synthetic card transactions", LABELS), LABELS);
    for (int i = 0; i < training.size(); i++) {
      boolean fraud = training.get(i).fraud();
      Example<Label> e = example(names, standardizer.apply(prepared.get(i)), fraud ? FRAUD : LEGIT);
      int copies = fraud ? version.fraudRepeats() : 1;
      for (int c = 0; c < copies; c++) {
        data.add(c == 0 ? e : e.copy());
      }
    }
    Model<Label> model = trainer(version, seed).train(data, Map.of());
    if (model.getFeatureIDMap().size() != pipeline.width()) {
      throw new IllegalStateException(
          "Tribuo kept "
              + model.getFeatureIDMap().size()
              + " of "
              + pipeline.width()
              + " features; a column was constant zero");
    }
    return new Trained(version, model, pipeline, standardizer, seed);
  }

  private static Trainer<Label> trainer(FraudModelVersion version, long seed) {
    int noProgressLogs = Integer.MAX_VALUE;
    return new LinearSGDTrainer(
        new LogMulticlass(), new AdaGrad(0.1, 0.1), version.epochs(), noProgressLogs, 1, seed);
  }

  private static Example<Label> example(String[] names, float[] prepared, String label) {
    double[] values = new double[prepared.length];
    for (int j = 0; j < values.length; j++) {
      values[j] = prepared[j];
    }
    return new ArrayExample<>(new Label(label), names, values);
  }

  /**
   * Tribuo orders features by name when it builds the dense ONNX input, so a numeric prefix keeps
   * that order equal to the pipeline's.
   */
  static String[] tribuoNames(FeaturePipeline pipeline) {
    List<String> names = pipeline.names();
    String[] out = new String[names.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = String.format("%03d_%s", j, names.get(j));
    }
    return out;
  }
}
