package dev.aviary.train;

import dev.aviary.train.DerivedFeature.Above;
import dev.aviary.train.DerivedFeature.Below;
import dev.aviary.train.DerivedFeature.EqualTo;
import dev.aviary.train.DerivedFeature.LogOf;
import dev.aviary.train.DerivedFeature.Product;
import dev.aviary.train.DerivedFeature.Raw;
import java.util.ArrayList;
import java.util.List;

/** The ordered columns a model is trained on, all computed from the raw input row. */
record FeaturePipeline(List<DerivedFeature> columns) {

  FeaturePipeline {
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a feature pipeline needs at least one column");
    }
  }

  /** The ten raw features as they arrive. */
  static FeaturePipeline raw() {
    List<DerivedFeature> columns = new ArrayList<>();
    for (Feature f : Feature.values()) {
      columns.add(new Raw(f));
    }
    return new FeaturePipeline(columns);
  }

  /**
   * The raw features plus what a fraud analyst would add: logs of heavy-tailed values, a night
   * flag, one-hot merchant categories and a few interactions known to matter in card fraud.
   */
  static FeaturePipeline engineered() {
    List<DerivedFeature> columns = new ArrayList<>(raw().columns());
    columns.add(new LogOf(Feature.AMOUNT, 1f));
    columns.add(new LogOf(Feature.AMOUNT_TO_USER_MEAN, 0.01f));
    columns.add(new LogOf(Feature.DISTANCE_FROM_HOME_KM, 1f));
    columns.add(new Below(Feature.HOUR_OF_DAY, 6f));
    columns.add(
        new Product(
            new Below(Feature.ONLINE, 0.5f), new Above(Feature.DISTANCE_FROM_HOME_KM, 500f)));
    columns.add(
        new Product(
            new Below(Feature.CARD_AGE_DAYS, 60f), new Above(Feature.AMOUNT_TO_USER_MEAN, 2f)));
    columns.add(new Product(new Raw(Feature.ONLINE), new Raw(Feature.FOREIGN)));
    columns.add(new Product(new Raw(Feature.NEW_MERCHANT), new Raw(Feature.TRANSACTIONS_LAST_24H)));
    for (MerchantCategory c : MerchantCategory.values()) {
      columns.add(new EqualTo(Feature.MERCHANT_CATEGORY, c.ordinal()));
    }
    return new FeaturePipeline(columns);
  }

  int width() {
    return columns.size();
  }

  float[] apply(float[] raw) {
    if (raw.length != Feature.count()) {
      throw new IllegalArgumentException(
          "expected " + Feature.count() + " raw features, got " + raw.length);
    }
    float[] out = new float[columns.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = columns.get(j).evaluate(raw);
    }
    return out;
  }

  List<String> names() {
    return columns.stream().map(DerivedFeature::name).toList();
  }
}
