package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir Path repo;

  @Test
  void findsEveryNameAndVersionAndResolvesTheNewestByDefault() throws Exception {
    for (String v : new String[] {"1", "2", "10"}) {
      Files.createDirectories(repo.resolve("fraud/" + v));
    }
    Files.createDirectories(repo.resolve("price/a"));
    Files.createDirectories(repo.resolve(".hidden/1"));
    Files.writeString(repo.resolve("README"), "not a model");
    ModelRegistry r = ModelRegistry.discover(new ModelSource.Repository(repo));
    assertThat(r.entries())
        .extracting(e -> e.name() + "/" + e.version())
        .containsExactly("fraud/1", "fraud/2", "fraud/10", "price/a");
    assertThat(r.resolve("fraud", null).version()).isEqualTo("10");
    assertThat(r.resolve("fraud", "2").file()).isEqualTo(repo.resolve("fraud/2/model.onnx"));
    assertThat(r.problems()).isEmpty();
    assertThat(r.allReady()).isFalse();
  }

  @Test
  void unknownModelsAndVersionsAre404sListingWhatExists() throws Exception {
    Files.createDirectories(repo.resolve("fraud/1"));
    ModelRegistry r = ModelRegistry.discover(new ModelSource.Repository(repo));
    assertThatThrownBy(() -> r.resolve("nope", null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessage("unknown model 'nope'; models served here: fraud");
    assertThatThrownBy(() -> r.resolve("fraud", "9"))
        .hasMessage("model 'fraud' has no version '9'; versions: 1");
  }

  @Test
  void aMissingRepositoryIsAProblemNotACrash() {
    ModelRegistry r = ModelRegistry.discover(new ModelSource.Repository(repo.resolve("absent")));
    assertThat(r.problems())
        .containsExactly(
            "model repository " + repo.resolve("absent") + " does not exist or is not a directory");
    assertThat(r.allReady()).isFalse();
  }

  @Test
  void aSingleModelIsOneEntry() {
    ModelRegistry r =
        ModelRegistry.discover(new ModelSource.SingleModel(repo.resolve("m.onnx"), "m", "3"));
    assertThat(r.resolve("m", null).version()).isEqualTo("3");
  }
}
