package dev.aviary.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SqliteModelRegistryTest extends ModelRegistryContract {
  private Path dir;

  @Override
  JdbcModelRegistry create(Clock clock) {
    dir = tmp.resolve("state");
    return new SqliteModelRegistry(dir, clock, Duration.ofMillis(200));
  }

  @Test
  void artifactsAreStoredByContent() {
    registry().register(request("fraud", V1));
    String sha = Sha256.of(V1);

    assertThat(dir.resolve("registry.db")).isRegularFile();
    assertThat(dir.resolve("artifacts/sha256/" + sha.substring(0, 2) + "/" + sha))
        .hasSameBinaryContentAs(V1);
  }

  @Test
  void aLockedDatabase_isAClearError_andNothingIsWritten() throws Exception {
    registry().register(request("fraud", V1));
    try (Connection other =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("registry.db"));
        Statement s = other.createStatement()) {
      other.setAutoCommit(false);
      s.execute("INSERT INTO alias_history VALUES ('x', 'y', 1, NULL, 1, 'z', 'now')");

      assertThatThrownBy(() -> registry().register(request("fraud", V2)))
          .isInstanceOf(RegistryException.class)
          .hasMessage(
              "registry database "
                  + dir.resolve("registry.db")
                  + " is locked by another process (waited 200 ms); cannot register fraud");
      other.rollback();
    }
    assertThat(registry().list("fraud")).hasSize(1);
  }

  @Test
  void twoRegistriesOnOneDirectory_shareVersions() {
    registry().register(request("fraud", V1));
    try (SqliteModelRegistry second =
        new SqliteModelRegistry(dir, Clock.fixed(T0, ZoneOffset.UTC))) {
      assertThat(second.register(request("fraud", V2)).version().version()).isEqualTo(2);
    }
    assertThat(registry().list("fraud")).hasSize(2);
    assertThat(Files.exists(dir.resolve("registry.db"))).isTrue();
  }
}
