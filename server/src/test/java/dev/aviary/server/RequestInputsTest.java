package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the REST and gRPC decoders share: inputs once each, in the model's order, none missing. */
class RequestInputsTest {
  static final ModelSignature MODEL =
      new ModelSignature(
          List.of(
              new TensorSpec("a", Datatype.FP32, new long[] {-1, 2}),
              new TensorSpec("b", Datatype.INT64, new long[] {-1})),
          List.of());

  static Tensor tensor(String name) {
    return new Tensor(name, Datatype.INT64, new long[] {1}, new long[] {7});
  }

  @Test
  void inputsGivenInAnyOrderComeOutInTheModelsOrder() {
    RequestInputs inputs = new RequestInputs(MODEL);
    inputs.add(tensor("b"));
    inputs.add(tensor("a"));
    assertThat(inputs.inModelOrder()).extracting(Tensor::name).containsExactly("a", "b");
  }

  @Test
  void anInputGivenTwiceIsRefusedWhenItIsAdded() {
    RequestInputs inputs = new RequestInputs(MODEL);
    inputs.add(tensor("a"));
    assertThatThrownBy(() -> inputs.add(tensor("a")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessage("input 'a' is given more than once");
  }

  @Test
  void aMissingInputIsNamedWithItsDatatypeAndShape() {
    RequestInputs inputs = new RequestInputs(MODEL);
    inputs.add(tensor("b"));
    assertThatThrownBy(inputs::inModelOrder)
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessage("missing input 'a' (FP32, shape [-1, 2]); model inputs are [a, b]");
  }
}
