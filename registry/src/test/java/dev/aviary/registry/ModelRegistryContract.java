package dev.aviary.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link ModelRegistry} does, read the way the {@code aviary model} commands use it. */
abstract class ModelRegistryContract {
  static final Path MODELS = Path.of("..", "examples", "fraud", "models");
  static final Path V1 = MODELS.resolve("v1/model.onnx");
  static final Path V2 = MODELS.resolve("v2/model.onnx");
  static final Path V3 = MODELS.resolve("v3/model.onnx");
  static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

  @TempDir Path tmp;
  private JdbcModelRegistry registry;

  /** A fresh, empty registry whose clock reads {@code clock}. */
  abstract JdbcModelRegistry create(Clock clock) throws Exception;

  @BeforeEach
  void open() throws Exception {
    registry = create(Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  JdbcModelRegistry registry() {
    return registry;
  }

  static NewVersion request(String name, Path file, String... aliases) {
    return new NewVersion(
        name,
        file,
        Map.of("roc_auc", 0.91),
        Map.of("epochs", "5"),
        Map.of("team", "risk"),
        new Lineage(
            "abc123",
            false,
            "file:/data/train.csv",
            "ff".repeat(32),
            "aviary train",
            null,
            "ana",
            null),
        List.of(aliases));
  }

  @Test
  void register_numbersVersionsPerName_andRecordsEverything() {
    Registered first = registry.register(request("fraud", V1));
    Registered second = registry.register(request("fraud", V2));
    Registered other = registry.register(request("other", V3));

    assertThat(first.created()).isTrue();
    assertThat(first.version().version()).isEqualTo(1);
    assertThat(second.version().version()).isEqualTo(2);
    assertThat(other.version().version()).isEqualTo(1);
    ModelVersion v = registry.get(ModelRef.parse("fraud:1"));
    assertThat(v.sha256()).isEqualTo(Sha256.of(V1)).hasSize(64);
    assertThat(v.size()).isEqualTo(size(V1));
    assertThat(v.format()).isEqualTo("onnx");
    assertThat(v.metrics()).containsEntry("roc_auc", 0.91);
    assertThat(v.params()).containsEntry("epochs", "5");
    assertThat(v.tags()).containsEntry("team", "risk");
    assertThat(v.lineage())
        .isEqualTo(
            new Lineage(
                "abc123",
                false,
                "file:/data/train.csv",
                "ff".repeat(32),
                "aviary train",
                null,
                "ana",
                T0));
  }

  @Test
  void register_readsTheSignatureFromTheOnnxFile() {
    Signature s = registry.register(request("fraud", V1)).version().signature();

    assertThat(s.inputs()).isNotEmpty();
    assertThat(s.outputs()).isNotEmpty();
    TensorSignature in = s.inputs().get(0);
    assertThat(in.kind()).isEqualTo("tensor");
    assertThat(in.datatype()).isEqualTo("FP32");
    assertThat(in.shape()).hasSize(2);
  }

  @Test
  void register_sameBytesAgain_returnsTheExistingVersion() {
    registry.register(request("fraud", V1));
    Registered again = registry.register(request("fraud", V1));

    assertThat(again.created()).isFalse();
    assertThat(again.version().version()).isEqualTo(1);
    assertThat(registry.list("fraud")).hasSize(1);
  }

  @Test
  void register_recordsTheParentVersion_andRefusesAnUnknownOne() {
    registry.register(request("fraud", V1));
    NewVersion child =
        new NewVersion(
            "fraud",
            V2,
            Map.of(),
            Map.of(),
            Map.of(),
            new Lineage(null, null, null, null, null, 1, "ana", null),
            List.of());
    assertThat(registry.register(child).version().lineage().parentVersion()).isEqualTo(1);

    NewVersion orphan =
        new NewVersion(
            "fraud",
            V3,
            Map.of(),
            Map.of(),
            Map.of(),
            new Lineage(null, null, null, null, null, 9, "ana", null),
            List.of());
    assertThatThrownBy(() -> registry.register(orphan))
        .isInstanceOf(RegistryException.class)
        .hasMessage("parent version fraud:9 does not exist");
    assertThat(registry.list("fraud")).hasSize(2);
  }

  @Test
  void aliases_pointAtVersions_andEveryMoveIsKept() {
    registry.register(request("fraud", V1, "champion"));
    registry.register(request("fraud", V2));
    registry.setAlias("fraud", 2, "champion", "bo");
    registry.setAlias("fraud", 1, "challenger", "bo");

    assertThat(registry.get(ModelRef.parse("fraud@champion")).version()).isEqualTo(2);
    assertThat(registry.get(ModelRef.parse("fraud:1")).aliases()).containsExactly("challenger");
    assertThat(registry.get(ModelRef.parse("fraud")).version()).isEqualTo(2);
    assertThat(registry.aliasHistory("fraud"))
        .extracting(
            m -> m.alias() + ":" + m.fromVersion() + "->" + m.toVersion() + " by " + m.movedBy())
        .containsExactlyInAnyOrder(
            "champion:null->1 by ana", "champion:1->2 by bo", "challenger:null->1 by bo");
  }

  @Test
  void unknownAliasOrVersion_isAClearError() {
    registry.register(request("fraud", V1));

    assertThatThrownBy(() -> registry.get(ModelRef.parse("fraud@champion")))
        .hasMessage("alias 'champion' of model 'fraud' does not exist");
    assertThatThrownBy(() -> registry.get(ModelRef.parse("fraud:7")))
        .hasMessage("model version fraud:7 does not exist");
    assertThatThrownBy(() -> registry.get(ModelRef.parse("nothing")))
        .hasMessage("model 'nothing' has no versions");
    assertThatThrownBy(() -> registry.setAlias("fraud", 3, "champion", "ana"))
        .hasMessage("model version fraud:3 does not exist");
    assertThat(registry.aliasHistory("fraud")).isEmpty();
  }

  @Test
  void badNames_areRefusedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> registry.register(request("Fraud/../x", V1)))
        .hasMessageStartingWith("model name 'Fraud/../x' is invalid");
    assertThatThrownBy(() -> registry.register(request("fraud", V1, "7up")))
        .hasMessageStartingWith("alias '7up' is invalid");
    assertThat(registry.list(null)).isEmpty();
  }

  @Test
  void aFileThatIsNotOnnx_isRefusedNamingTheFile() throws IOException {
    Path csv = Files.writeString(tmp.resolve("train.csv"), "amount,is_fraud\n1.0,0\n");

    assertThatThrownBy(() -> registry.register(request("fraud", csv)))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(csv + " is not a readable ONNX model: ")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> registry.register(request("fraud", tmp.resolve("missing.onnx"))))
        .hasMessage(
            "model file " + tmp.resolve("missing.onnx") + " does not exist or is not a file");
    assertThat(registry.list(null)).isEmpty();
  }

  @Test
  void aFailureBetweenStoringTheBytesAndTheRow_leavesNoVersion() {
    registry.register(request("fraud", V1));
    registry.afterArtifactStored =
        () -> {
          throw new IllegalStateException("injected crash");
        };

    assertThatThrownBy(() -> registry.register(request("fraud", V2, "champion")))
        .hasMessage("injected crash");
    registry.afterArtifactStored = () -> {};
    assertThat(registry.list("fraud")).extracting(ModelVersion::version).containsExactly(1);
    assertThat(registry.aliasHistory("fraud")).isEmpty();
    assertThatThrownBy(() -> registry.get(ModelRef.parse("fraud@champion")))
        .hasMessageContaining("does not exist");
    // the next attempt succeeds and takes the number the failed one would have had
    assertThat(registry.register(request("fraud", V2)).version().version()).isEqualTo(2);
  }

  @Test
  void download_writesTheSameBytes() throws IOException {
    registry.register(request("fraud", V2));
    Path out = tmp.resolve("out/model.onnx");

    registry.download("fraud", 1, out);

    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(V2));
    assertThat(Files.list(out.getParent())).containsExactly(out);
  }

  @Test
  void delete_isRefusedWhileAnAliasPointsAtTheVersion() {
    registry.register(request("fraud", V1, "champion"));
    registry.register(request("fraud", V2));

    assertThatThrownBy(() -> registry.delete("fraud", 1))
        .hasMessage("model version fraud:1 is in use by alias champion: move the alias first");
    registry.delete("fraud", 2);

    assertThat(registry.list("fraud")).extracting(ModelVersion::version).containsExactly(1);
    assertThatThrownBy(() -> registry.download("fraud", 2, tmp.resolve("x.onnx")))
        .hasMessage("model version fraud:2 does not exist");
    // the bytes are gone with their last version, and registering them again starts afresh
    Registered again = registry.register(request("fraud", V2));
    assertThat(again.created()).isTrue();
    assertThat(again.version().version()).isEqualTo(2);
    registry.download("fraud", 2, tmp.resolve("again.onnx"));
  }

  @Test
  void theClockStampsVersionsAndMoves() throws Exception {
    registry.close();
    registry = create(Clock.fixed(T0.plus(Duration.ofHours(3)), ZoneOffset.UTC));
    registry.register(request("fraud", V1, "champion"));

    assertThat(registry.get(ModelRef.parse("fraud:1")).lineage().createdAt())
        .isEqualTo(T0.plus(Duration.ofHours(3)));
    assertThat(registry.aliasHistory("fraud").get(0).movedAt())
        .isEqualTo(T0.plus(Duration.ofHours(3)));
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
