package dev.aviary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.spec.DeploymentSpec;
import dev.aviary.spec.ModelRef;
import dev.aviary.spec.ServerSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionTest {
  private static DeploymentSpec spec(String image) {
    return new DeploymentSpec(
        new ModelRef("fraud", "1", "file:m.onnx"),
        1,
        new ServerSettings(List.of(), Map.of(), null, null, image),
        600,
        Specs.canary(Specs.setWeight(50)));
  }

  @Test
  void a_spec_without_an_image_keeps_the_id_it_had_before_images_existed() {
    // The id of this spec before spec.server.image was added: deployments running on an upgraded
    // operator or platform must not see a new revision (and a rollout) for an unchanged spec.
    assertThat(Revision.idOf(spec(null))).isEqualTo("3bed6727f1");
  }

  @Test
  void another_image_is_another_revision() {
    String none = Revision.idOf(spec(null));
    String a = Revision.idOf(spec("registry.example.com/fraud:git-1a2b3c4"));
    String b = Revision.idOf(spec("registry.example.com/fraud:git-5e6f7a8"));
    assertThat(a).isNotEqualTo(none).isNotEqualTo(b);
    assertThat(Revision.idOf(spec("registry.example.com/fraud:git-1a2b3c4"))).isEqualTo(a);
  }
}
