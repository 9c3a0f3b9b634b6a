package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.registry.Lineage;
import dev.aviary.registry.ModelRef;
import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.NewVersion;
import dev.aviary.registry.Registries;
import dev.aviary.registry.Sha256;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which version {@code apply --promote-alias} points the alias at, against a real registry. */
class AliasPromotionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path model(String v) {
    return Path.of("../examples/fraud/models/" + v + "/model.onnx").toAbsolutePath().normalize();
  }

  private static JsonNode deployment(String modelName, String sha256) throws Exception {
    String model =
        sha256 == null
            ? ""
            : ", \"model\": {\"uri\": \"file:m.onnx\", \"sha256\": \"" + sha256 + "\"}";
    return JSON.readTree(
        "{\"name\": \"fraud\", \"spec\": {\"spec\": {\"model\": {\"name\": \""
            + modelName
            + "\"}}}"
            + model
            + "}");
  }

  private static ModelRegistry registry(Path dir) {
    ModelRegistry r = Registries.open(dir.toString(), Clock.systemUTC());
    for (String v : List.of("v1", "v2")) {
      r.register(
          new NewVersion(
              "fraud",
              model(v),
              Map.of(),
              Map.of(),
              Map.of(),
              new Lineage(null, false, null, null, "test", null, "test", null),
              v.equals("v1") ? List.of("champion") : List.of()));
    }
    return r;
  }

  @Test
  void the_alias_moves_to_the_version_with_the_served_files_sha256(@TempDir Path dir)
      throws Exception {
    try (ModelRegistry r = registry(dir)) {
      String line =
          AliasPromotion.promote(r, deployment("fraud", Sha256.of(model("v2"))), "champion", "ana");
      assertThat(line).isEqualTo("alias champion -> fraud:2 (was fraud:1)");
      assertThat(r.get(ModelRef.parse("fraud@champion")).version()).isEqualTo(2);
      assertThat(r.aliasHistory("fraud").get(1).movedBy()).isEqualTo("ana");
    }
  }

  @Test
  void a_file_that_is_not_registered_leaves_the_alias_with_a_note(@TempDir Path dir)
      throws Exception {
    try (ModelRegistry r = registry(dir)) {
      String v3 = Sha256.of(model("v3"));
      assertThat(AliasPromotion.promote(r, deployment("fraud", v3), "champion", "ana"))
          .startsWith("note: fraud serves a model (sha256 " + v3.substring(0, 12) + ")")
          .endsWith("so alias champion was not moved");
      assertThat(AliasPromotion.promote(r, deployment("Not A Name", v3), "champion", "ana"))
          .startsWith("note: ");
      assertThat(AliasPromotion.promote(r, deployment("fraud", null), "champion", "ana"))
          .contains("does not report the sha256");
      assertThat(r.get(ModelRef.parse("fraud@champion")).version()).isEqualTo(1);
    }
  }
}
