package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchConfigFilesTest {
  @TempDir Path repo;
  private final BatchSettings defaults = new BatchSettings(8, Duration.ofMillis(1), 100);

  private Path write(String model, String yaml) throws Exception {
    Path f = repo.resolve(model).resolve(BatchConfigFiles.FILE);
    Files.createDirectories(f.getParent());
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void eachModelsFileOverridesTheKeysItNames() throws Exception {
    write("fraud", "maxBatchSize: 32\nmaxBatchDelay: 500us\n");
    write("price", "maxQueueSize: 7\n");
    Files.createDirectories(repo.resolve("plain"));
    Map<String, BatchSettings> s =
        BatchConfigFiles.read(new ModelSource.Repository(repo), defaults);
    assertThat(s)
        .containsOnlyKeys("fraud", "price")
        .containsEntry("fraud", new BatchSettings(32, Duration.ofNanos(500_000), 100))
        .containsEntry("price", new BatchSettings(8, Duration.ofMillis(1), 7));
  }

  @Test
  void unknownKeysAndBadValuesNameTheFileAndTheKey() throws Exception {
    Path f = write("fraud", "maxBatchSise: 32\n");
    assertThatThrownBy(() -> BatchConfigFiles.parse(f, defaults))
        .hasMessageContaining(f.toString())
        .hasMessageContaining("unknown key 'maxBatchSise'");
    write("fraud", "maxBatchSize: many\n");
    assertThatThrownBy(() -> BatchConfigFiles.parse(f, defaults))
        .hasMessageContaining("maxBatchSize must be a whole number");
    write("fraud", "maxBatchDelay: 3 days\n");
    assertThatThrownBy(() -> BatchConfigFiles.parse(f, defaults))
        .hasMessageContaining(
            "maxBatchDelay: must be a duration such as 30s, 5m, 1h30m or 250ms, got '3 days'");
    write("fraud", "maxBatchSize: 0\n");
    assertThatThrownBy(() -> BatchConfigFiles.parse(f, defaults))
        .hasMessageContaining("max batch size must be at least 1, got 0");
  }

  @Test
  void aBadFileStopsTheServerFromStarting() throws Exception {
    TestModels.classifier(repo.resolve("fraud/1/model.onnx"));
    write("fraud", "- a list\n");
    assertThatThrownBy(
            () ->
                ModelServer.start(
                    ServerConfig.builder(new ModelSource.Repository(repo))
                        .host("127.0.0.1")
                        .port(0)
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a mapping");
  }
}
