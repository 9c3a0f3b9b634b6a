package dev.aviary.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every metric and test against the values of scikit-learn 1.2.1 and scipy (DeLong: an independent
 * numpy implementation) that make_fixtures.py wrote for seeded data.
 */
class SklearnFixtureTest {
  private static final double TOL = 1e-9;

  private static JsonNode fixtures() throws Exception {
    try (InputStream in =
        SklearnFixtureTest.class.getResourceAsStream("evaluation-fixtures.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void binaryMetrics_matchScikitLearn() throws Exception {
    for (JsonNode c : fixtures().path("binary")) {
      int[] y = ints(c.path("labels"));
      double t = c.path("threshold").asDouble();
      for (String side : new String[] {"candidate", "champion"}) {
        Map<String, Double> m = BinaryMetrics.compute(y, doubles(c.path(side)), t);
        JsonNode expected = c.path(side + "Metrics");
        assertThat(m.keySet()).containsExactlyElementsOf(BinaryMetrics.NAMES);
        for (String name : BinaryMetrics.NAMES) {
          assertThat(m.get(name))
              .as(c.path("name").asText() + " " + side + " " + name)
              .isCloseTo(expected.path(name).asDouble(), within(TOL));
        }
      }
    }
  }

  @Test
  void delongAndMcNemar_matchTheScript() throws Exception {
    for (JsonNode c : fixtures().path("binary")) {
      int[] y = ints(c.path("labels"));
      double[] a = doubles(c.path("candidate"));
      double[] b = doubles(c.path("champion"));
      String name = c.path("name").asText();
      DeLong d = DeLong.test(y, a, b);
      JsonNode e = c.path("delong");
      assertThat(d.candidateAuc())
          .as(name)
          .isCloseTo(e.path("candidateAuc").asDouble(), within(TOL));
      assertThat(d.championAuc()).as(name).isCloseTo(e.path("championAuc").asDouble(), within(TOL));
      assertThat(d.z()).as(name).isCloseTo(e.path("z").asDouble(), within(TOL));
      assertThat(d.p()).as(name).isCloseTo(e.path("p").asDouble(), within(TOL));

      double t = c.path("threshold").asDouble();
      McNemar m = McNemar.test(Evaluation.correct(y, a, t), Evaluation.correct(y, b, t));
      JsonNode f = c.path("mcnemar");
      assertThat(m.candidateOnly()).as(name).isEqualTo(f.path("candidateOnly").asInt());
      assertThat(m.championOnly()).as(name).isEqualTo(f.path("championOnly").asInt());
      assertThat(m.exactP()).as(name).isCloseTo(f.path("exactP").asDouble(), within(TOL));
      assertThat(m.correctedP()).as(name).isCloseTo(f.path("correctedP").asDouble(), within(TOL));
    }
  }

  @Test
  void multiclassMetrics_matchScikitLearn() throws Exception {
    for (JsonNode c : fixtures().path("multiclass")) {
      Map<String, Double> m =
          MulticlassMetrics.compute(
              ints(c.path("labels")), ints(c.path("predicted")), c.path("classes").asInt());
      assertThat(m.get("accuracy")).isCloseTo(c.path("accuracy").asDouble(), within(TOL));
      assertThat(m.get("macroF1")).isCloseTo(c.path("macroF1").asDouble(), within(TOL));
    }
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }
}
