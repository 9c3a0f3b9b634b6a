package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelLocationTest {
  @Test
  void reads_the_three_places_a_model_can_come_from() {
    assertThat(ModelLocation.parse("file:/models/v1/model.onnx"))
        .isEqualTo(new ModelLocation.InImage("/models/v1/model.onnx"));
    assertThat(ModelLocation.parse("https://models.example/iris.onnx"))
        .isEqualTo(new ModelLocation.Fetched("https://models.example/iris.onnx"));
    assertThat(ModelLocation.parse("pvc://store.v1/fraud/model.onnx"))
        .isEqualTo(new ModelLocation.Claimed("store.v1", "fraud/model.onnx"));
    assertThat(ModelLocation.parse("pvc://store/model.onnx").pathInContainer())
        .isEqualTo("/models/model.onnx");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pvc://", "pvc://store", "pvc://store/", "pvc:///model.onnx"})
  void a_claim_uri_without_claim_or_path_says_what_is_expected(String uri) {
    assertThatThrownBy(() -> ModelLocation.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected pvc://CLAIM/PATH")
        .hasMessageContaining(uri);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pvc://Store/m.onnx", "pvc://store_1/m.onnx", "pvc://-store/m.onnx"})
  void a_claim_name_kubernetes_would_refuse_is_named(String uri) {
    assertThatThrownBy(() -> ModelLocation.parse(uri))
        .hasMessageContaining("is not a PersistentVolumeClaim name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pvc://store/../etc/passwd", "pvc://store/a//m.onnx", "pvc://store/./m"})
  void a_path_that_leaves_or_skips_inside_the_claim_is_refused(String uri) {
    assertThatThrownBy(() -> ModelLocation.parse(uri))
        .hasMessageContaining("must not have empty, '.' or '..' segments");
  }

  @Test
  void other_schemes_list_what_the_operator_loads() {
    assertThatThrownBy(() -> ModelLocation.parse("s3://bucket/iris.onnx"))
        .hasMessageContaining("pvc://CLAIM/PATH")
        .hasMessageContaining("'s3://bucket/iris.onnx'");
  }

  @Test
  void a_registry_uri_is_refused_with_what_to_do_instead() {
    assertThatThrownBy(() -> ModelLocation.parse("registry:fraud@champion"))
        .hasMessageContaining("embedded platform (aviary up) only")
        .hasMessageContaining("aviary model download")
        .hasMessageContaining("'registry:fraud@champion'");
  }
}
