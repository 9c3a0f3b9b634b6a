package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchMergeTest {
  private static InferenceRequest req(Tensor... t) {
    return new InferenceRequest(null, List.of(t), List.of());
  }

  @Test
  void requestsWithTheSameInnerShapesShareAKeyWhateverTheirRows() {
    InferenceRequest a = req(new Tensor("x", Datatype.FP32, new long[] {1, 3}, new float[3]));
    InferenceRequest b = req(new Tensor("x", Datatype.FP32, new long[] {4, 3}, new float[12]));
    InferenceRequest c = req(new Tensor("x", Datatype.FP32, new long[] {1, 2}, new float[2]));
    InferenceRequest d = req(new Tensor("x", Datatype.FP64, new long[] {1, 3}, new double[3]));
    assertThat(BatchMerge.key(a)).isEqualTo(BatchMerge.key(b));
    assertThat(BatchMerge.key(a)).isNotEqualTo(BatchMerge.key(c)).isNotEqualTo(BatchMerge.key(d));
    assertThat(BatchMerge.rows(b)).isEqualTo(4);
  }

  @Test
  void askingForOtherOutputsMakesRequestsIncompatible() {
    Tensor x = new Tensor("x", Datatype.FP32, new long[] {1}, new float[1]);
    assertThat(BatchMerge.key(new InferenceRequest(null, List.of(x), List.of("p"))))
        .isNotEqualTo(BatchMerge.key(new InferenceRequest(null, List.of(x), List.of())));
  }

  @Test
  void scalarsAndDisagreeingRowCountsCannotBeMerged() {
    assertThat(BatchMerge.key(req(new Tensor("x", Datatype.FP32, new long[] {}, new float[1]))))
        .isNull();
    assertThat(
            BatchMerge.key(
                req(
                    new Tensor("x", Datatype.FP32, new long[] {2}, new float[2]),
                    new Tensor("y", Datatype.FP32, new long[] {3}, new float[3]))))
        .isNull();
  }

  @Test
  void mergeConcatenatesRowsInOrderAndSplitGivesThemBack() throws Exception {
    InferenceRequest a =
        req(
            new Tensor("s", Datatype.BYTES, new long[] {1}, new String[] {"a"}),
            new Tensor("b", Datatype.BOOL, new long[] {1, 2}, new boolean[] {true, false}));
    InferenceRequest b =
        req(
            new Tensor("s", Datatype.BYTES, new long[] {2}, new String[] {"b", "c"}),
            new Tensor(
                "b", Datatype.BOOL, new long[] {2, 2}, new boolean[] {false, true, true, true}));
    InferenceRequest m = BatchMerge.merge(List.of(a, b));
    assertThat(m.inputs().get(0).shape()).containsExactly(3);
    assertThat((String[]) m.inputs().get(0).data()).containsExactly("a", "b", "c");
    assertThat(m.inputs().get(1).shape()).containsExactly(3, 2);
    assertThat((boolean[]) m.inputs().get(1).data())
        .containsExactly(true, false, false, true, true, true);

    List<List<Tensor>> parts = BatchMerge.split(m.inputs(), new int[] {1, 2});
    assertThat((String[]) parts.get(0).get(0).data()).containsExactly("a");
    assertThat((boolean[]) parts.get(1).get(1).data()).containsExactly(false, true, true, true);
    assertThat(parts.get(1).get(1).shape()).containsExactly(2, 2);
  }

  @Test
  void splitKeepsClassLabels() throws Exception {
    Tensor p =
        new Tensor(
            "p", Datatype.FP32, new long[] {2, 2}, new float[] {1, 2, 3, 4}, List.of("x", "y"));
    List<List<Tensor>> parts = BatchMerge.split(List.of(p), new int[] {1, 1});
    assertThat(parts.get(1).get(0).classes()).containsExactly("x", "y");
    assertThat((float[]) parts.get(1).get(0).data()).containsExactly(3, 4);
  }

  @Test
  void outputsWithoutOneRowPerInputRowCannotBeSplit() {
    Tensor sum = new Tensor("sum", Datatype.FP32, new long[] {1}, new float[] {5});
    assertThatThrownBy(() -> BatchMerge.split(List.of(sum), new int[] {1, 2}))
        .isInstanceOf(BatchMerge.NotSplittableException.class)
        .hasMessageContaining("'sum'");
  }
}
