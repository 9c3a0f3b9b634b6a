package dev.aviary.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturePipelineTest {

  private static final float[] CARD_PRESENT_FAR_AT_NIGHT = {
    250f, 3f, 4f, 800f, 6f, 20f, 0f, 0f, 5f, 1f
  };

  @Test
  void rawPipelinePassesTheInputThrough() {
    assertThat(FeaturePipeline.raw().apply(CARD_PRESENT_FAR_AT_NIGHT))
        .containsExactly(CARD_PRESENT_FAR_AT_NIGHT);
  }

  @Test
  void engineeredPipelineAddsDocumentedColumns() {
    FeaturePipeline p = FeaturePipeline.engineered();
    float[] out = p.apply(CARD_PRESENT_FAR_AT_NIGHT);
    List<String> names = p.names();
    assertThat(p.width()).isEqualTo(28);
    assertThat(out[names.indexOf("log_amount")]).isCloseTo((float) Math.log(251), offset(1e-5f));
    assertThat(out[names.indexOf("hour_of_day_below_6")]).isEqualTo(1f);
    assertThat(out[names.indexOf("online_below_0.5_x_distance_from_home_km_above_500")])
        .isEqualTo(1f);
    assertThat(out[names.indexOf("card_age_days_below_60_x_amount_to_user_mean_above_2")])
        .isEqualTo(1f);
    assertThat(out[names.indexOf("online_x_foreign")]).isZero();
    assertThat(out[names.indexOf("new_merchant_x_transactions_last_24h")]).isEqualTo(6f);
    assertThat(out[names.indexOf("merchant_category_is_4")]).isEqualTo(1f);
    assertThat(out[names.indexOf("merchant_category_is_5")]).isZero();
  }

  @Test
  void tribuoNamesSortInPipelineOrder() {
    String[] names = TribuoFraudTrainer.tribuoNames(FeaturePipeline.engineered());
    assertThat(names).isSorted();
  }

  @Test
  void rejectsARowOfTheWrongWidth() {
    assertThatThrownBy(() -> FeaturePipeline.raw().apply(new float[3]))
        .hasMessageContaining("expected 10 raw features, got 3");
  }

  @Test
  void standardizerCentersAndScalesAndLeavesConstantColumnsAtZero() {
    Standardizer s = Standardizer.fit(List.of(new float[] {1f, 5f}, new float[] {3f, 5f}));
    assertThat(s.apply(new float[] {1f, 5f})).containsExactly(-1f, 0f);
    assertThat(s.apply(new float[] {3f, 5f})).containsExactly(1f, 0f);
  }
}
