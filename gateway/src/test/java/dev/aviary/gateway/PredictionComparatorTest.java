package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aviary.gateway.PredictionComparator.Comparison;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PredictionComparatorTest {

  private static Optional<Comparison> compare(String primary, String mirror) {
    return PredictionComparator.compare(
        primary.getBytes(StandardCharsets.UTF_8), mirror.getBytes(StandardCharsets.UTF_8));
  }

  private static String oipProbabilities(String data) {
    return "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"probabilities\",\"datatype\":\"FP32\","
        + "\"shape\":[3,2],\"data\":"
        + data
        + "}]}";
  }

  @Test
  void comparesArgmaxLabelsAndScoresOfOipProbabilityRows() {
    Comparison c =
        compare(
                oipProbabilities("[0.9,0.1, 0.2,0.8, 0.6,0.4]"),
                oipProbabilities("[0.8,0.2, 0.3,0.7, 0.4,0.6]"))
            .orElseThrow();

    assertThat(c.rows()).isEqualTo(3);
    assertThat(c.labelRows()).isEqualTo(3);
    assertThat(c.labelAgreements()).isEqualTo(2); // the third row flips from class 0 to 1
    assertThat(c.scoreValues()).isEqualTo(6);
    assertThat(c.sumAbsDiff() / c.scoreValues()).isCloseTo((0.1 * 4 + 0.2 * 2) / 6, within(1e-6));
    assertThat(c.maxAbsDiff()).isCloseTo(0.2, within(1e-6));
  }

  @Test
  void prefersAnExplicitLabelOutputAndAcceptsNestedData() {
    String primary =
        "{\"outputs\":[{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[1,0]},"
            + "{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[2,2],"
            + "\"data\":[[0.3,0.7],[0.6,0.4]]}]}";
    String mirror =
        "{\"outputs\":[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[2,2],"
            + "\"data\":[0.3,0.7,0.6,0.4]},"
            + "{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[1,1]}]}";

    Comparison c = compare(primary, mirror).orElseThrow();

    assertThat(c.labelAgreements()).isEqualTo(1);
    assertThat(c.labelRows()).isEqualTo(2);
    assertThat(c.maxAbsDiff()).isZero();
  }

  @Test
  void comparesV1LabelsAndProbabilityLists() {
    Comparison labels =
        compare("{\"predictions\":[1,0,1,1]}", "{\"predictions\":[1,1,1,1]}").orElseThrow();
    assertThat(labels.labelAgreements()).isEqualTo(3);
    assertThat(labels.labelRows()).isEqualTo(4);
    assertThat(labels.scoreValues()).isZero();

    Comparison rows =
        compare(
                "{\"predictions\":[[0.1,0.9],[0.5,0.25]]}",
                "{\"predictions\":[[0.2,0.8],[0.5,0.75]]}")
            .orElseThrow();
    assertThat(rows.labelAgreements()).isEqualTo(1);
    assertThat(rows.maxAbsDiff()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void comparesRegressionScoresWithoutLabels() {
    Comparison c =
        compare("{\"predictions\":[1.5,2.5]}", "{\"predictions\":[1.0,2.5]}").orElseThrow();
    assertThat(c.labelRows()).isZero();
    assertThat(c.scoreValues()).isEqualTo(2);
    assertThat(c.sumAbsDiff()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void stringLabelsMustBeEqual() {
    String labels = "{\"outputs\":[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[2],";
    Comparison c =
        compare(labels + "\"data\":[\"cat\",\"dog\"]}]}", labels + "\"data\":[\"cat\",\"cow\"]}]}")
            .orElseThrow();
    assertThat(c.labelAgreements()).isEqualTo(1);
  }

  @Test
  void comparesOnlyTheRowsBothAnswersHave() {
    Comparison c = compare("{\"predictions\":[1,2,3]}", "{\"predictions\":[1]}").orElseThrow();
    assertThat(c.rows()).isEqualTo(1);
    assertThat(c.labelAgreements()).isEqualTo(1);
  }

  @Test
  void bodiesThatAreNotPredictionsCannotBeCompared() {
    assertThat(compare("not json", "{\"predictions\":[1]}")).isEmpty();
    assertThat(compare("{\"predictions\":[1]}", "{\"error\":\"boom\"}")).isEmpty();
    assertThat(compare("[1,2]", "[1,2]")).isEmpty();
    assertThat(compare("{\"outputs\":[{\"name\":\"x\"}]}", "{\"outputs\":[]}")).isEmpty();
  }
}
