package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.engine.Command;
import dev.aviary.engine.Event;
import dev.aviary.engine.RolloutStatus;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void everything_recorded_is_there_after_reopening(@TempDir Path dir) {
    Path db = dir.resolve("state").resolve("aviary.db");
    try (Store s = Store.open(db)) {
      s.putDeployment("fraud", "{\"a\":1}", T0);
      s.putStatus("fraud", RolloutStatus.initial(), T0);
      s.putTemplate("t", "{}");
      s.addCommand("fraud", "promote", true, null, T0);
      s.addCommand("fraud", "undo", false, 2, T0);
      s.addEvents("fraud", List.of(new Event(T0, Event.Type.Warning, "R", "m")));
      s.putMeasurement(
          new Store.StoredMeasurement("q1", "fraud", "m", "rev", T0, "[0.5]", null, 10L, null));
      s.putReplica(new Store.StoredReplica("fraud", "rev", "r0", 123, 9000));
    }
    try (Store s = Store.open(db)) {
      assertThat(s.deployment("fraud"))
          .hasValueSatisfying(
              d -> {
                assertThat(d.spec()).isEqualTo("{\"a\":1}");
                assertThat(d.status()).isEqualTo(RolloutStatus.initial());
              });
      assertThat(s.templates()).containsKey("t");
      assertThat(s.commandsAfter("fraud", 0))
          .containsExactly(new Command.Promote(1, true), new Command.Undo(2, 2));
      assertThat(s.commandsAfter("fraud", 1)).containsExactly(new Command.Undo(2, 2));
      assertThat(s.events("fraud", 0))
          .singleElement()
          .satisfies(e -> assertThat(e.type()).isEqualTo("Warning"));
      assertThat(s.measurement("fraud", "q1"))
          .hasValueSatisfying(m -> assertThat(m.value()).isEqualTo("[0.5]"));
      assertThat(s.replicas())
          .containsExactly(new Store.StoredReplica("fraud", "rev", "r0", 123, 9000));
    }
  }

  @Test
  void the_database_runs_in_wal_mode(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("aviary.db");
    Store.open(db).close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void deleting_a_deployment_keeps_its_events_but_drops_commands(@TempDir Path dir) {
    try (Store s = Store.open(dir.resolve("aviary.db"))) {
      s.putDeployment("fraud", "{}", T0);
      s.addCommand("fraud", "abort", false, null, T0);
      s.addEvent("fraud", T0, "Normal", "Deleted", "gone");
      s.deleteDeployment("fraud");
      assertThat(s.deployment("fraud")).isEmpty();
      assertThat(s.commandsAfter("fraud", 0)).isEmpty();
      assertThat(s.events("fraud", 0)).hasSize(1);
    }
  }

  @Test
  void applying_again_keeps_the_status(@TempDir Path dir) {
    try (Store s = Store.open(dir.resolve("aviary.db"))) {
      s.putDeployment("fraud", "{\"v\":1}", T0);
      s.putStatus("fraud", RolloutStatus.initial(), T0);
      s.putDeployment("fraud", "{\"v\":2}", T0.plusSeconds(1));
      assertThat(s.deployment("fraud").orElseThrow().status()).isNotNull();
      assertThat(s.deployment("fraud").orElseThrow().spec()).isEqualTo("{\"v\":2}");
    }
  }
}
