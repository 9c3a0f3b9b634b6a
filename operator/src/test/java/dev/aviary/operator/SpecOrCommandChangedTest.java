package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.operator.crd.ModelDeploymentResource;
import dev.aviary.operator.crd.ModelDeploymentStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecOrCommandChangedTest {
  private final SpecOrCommandChanged filter = new SpecOrCommandChanged();

  private static ModelDeploymentResource md(long generation, Map<String, String> annotations) {
    ModelDeploymentResource md = new ModelDeploymentResource();
    md.getMetadata().setName("iris");
    md.getMetadata().setGeneration(generation);
    md.getMetadata().setAnnotations(new HashMap<>(annotations));
    return md;
  }

  @Test
  void a_status_write_does_not_start_a_reconciliation() {
    ModelDeploymentResource before = md(3, Map.of("team", "risk"));
    ModelDeploymentResource after = md(3, Map.of("team", "risk"));
    after.setStatus(new ModelDeploymentStatus());
    after.getStatus().phase = "Paused";
    assertThat(filter.accept(after, before)).isFalse();
  }

  @Test
  void a_new_spec_does() {
    assertThat(filter.accept(md(4, Map.of()), md(3, Map.of()))).isTrue();
  }

  @Test
  void a_new_command_does_though_the_generation_stays() {
    ModelDeploymentResource before = md(3, Map.of());
    ModelDeploymentResource after =
        md(
            3,
            Map.of(
                ModelDeploymentResource.COMMAND_ANNOTATION, "promote",
                ModelDeploymentResource.COMMAND_ID_ANNOTATION, "1"));
    assertThat(filter.accept(after, before)).isTrue();

    ModelDeploymentResource again =
        md(
            3,
            Map.of(
                ModelDeploymentResource.COMMAND_ANNOTATION, "promote",
                ModelDeploymentResource.COMMAND_ID_ANNOTATION, "2"));
    assertThat(filter.accept(again, after)).isTrue();
  }

  @Test
  void other_annotations_and_labels_do_not() {
    ModelDeploymentResource before = md(3, Map.of());
    ModelDeploymentResource after = md(3, Map.of("note", "x"));
    after.getMetadata().setLabels(Map.of("team", "risk"));
    assertThat(filter.accept(after, before)).isFalse();
  }
}
