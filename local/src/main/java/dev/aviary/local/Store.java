package dev.aviary.local;

import dev.aviary.engine.Command;
import dev.aviary.engine.Event;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.RolloutStatusJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of the embedded platform in one SQLite file (WAL mode): deployments with their spec
 * and rollout status, templates, operator commands, measurements taken, events, and the replica
 * processes started (so that a restarted platform can adopt them).
 */
public final class Store implements AutoCloseable {

  private final Connection db;

  private Store(Connection db) {
    this.db = db;
  }

  /** Opens (creating if needed) {@code file}. */
  public static Store open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA busy_timeout=5000");
        s.execute(
            "CREATE TABLE IF NOT EXISTS deployments (name TEXT PRIMARY KEY, spec TEXT NOT NULL,"
                + " status TEXT, created TEXT NOT NULL, updated TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS templates (name TEXT PRIMARY KEY, spec TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS commands (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " deployment TEXT NOT NULL, kind TEXT NOT NULL, full INTEGER NOT NULL DEFAULT 0,"
                + " to_revision INTEGER, at TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS measurements (query_id TEXT NOT NULL, deployment TEXT NOT"
                + " NULL, metric TEXT NOT NULL, revision TEXT NOT NULL, at TEXT NOT NULL, value"
                + " TEXT, baseline TEXT, sample_size INTEGER, error TEXT, PRIMARY KEY (deployment,"
                + " query_id))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, deployment"
                + " TEXT NOT NULL, at TEXT NOT NULL, type TEXT NOT NULL, reason TEXT NOT NULL,"
                + " message TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS replicas (deployment TEXT NOT NULL, revision TEXT NOT NULL,"
                + " replica TEXT NOT NULL, pid INTEGER NOT NULL, port INTEGER NOT NULL, PRIMARY KEY"
                + " (deployment, revision, replica))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS revision_specs (deployment TEXT NOT NULL, revision TEXT"
                + " NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (deployment, revision))");
      }
      return new Store(c);
    } catch (Exception e) {
      throw new StoreException("cannot open the state database " + file + ": " + e.getMessage(), e);
    }
  }

  /** A stored deployment: its spec text (one YAML/JSON document) and status (null = not yet). */
  public record StoredDeployment(String name, String spec, RolloutStatus status) {}

  public record StoredEvent(
      long id, String deployment, Instant at, String type, String reason, String message) {}

  /**
   * A stored measurement: values as a JSON array of numbers (null when the provider failed; NaN
   * written as the string "NaN").
   */
  public record StoredMeasurement(
      String queryId,
      String deployment,
      String metric,
      String revision,
      Instant at,
      String value,
      String baseline,
      Long sampleSize,
      String error) {}

  /** A replica process started by a platform. */
  public record StoredReplica(
      String deployment, String revision, String replica, long pid, int port) {}

  public synchronized void putDeployment(String name, String spec, Instant now) {
    update(
        "INSERT INTO deployments(name, spec, status, created, updated) VALUES (?, ?, NULL, ?, ?)"
            + " ON CONFLICT(name) DO UPDATE SET spec = excluded.spec, updated = excluded.updated",
        name,
        spec,
        now.toString(),
        now.toString());
  }

  /** The spec text last applied for {@code revision}, restored when an undo goes back to it. */
  public synchronized void putRevisionSpec(String deployment, String revision, String spec) {
    update(
        "INSERT INTO revision_specs(deployment, revision, spec) VALUES (?, ?, ?)"
            + " ON CONFLICT(deployment, revision) DO UPDATE SET spec = excluded.spec",
        deployment,
        revision,
        spec);
  }

  public synchronized Optional<String> revisionSpec(String deployment, String revision) {
    List<String> out = new ArrayList<>();
    query(
        "SELECT spec FROM revision_specs WHERE deployment = ? AND revision = ?",
        rs -> out.add(rs.getString(1)),
        deployment,
        revision);
    return out.stream().findFirst();
  }

  public synchronized void putStatus(String name, RolloutStatus status, Instant now) {
    update(
        "UPDATE deployments SET status = ?, updated = ? WHERE name = ?",
        RolloutStatusJson.write(status),
        now.toString(),
        name);
  }

  public synchronized Optional<StoredDeployment> deployment(String name) {
    List<StoredDeployment> found = deployments("WHERE name = ?", name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public synchronized List<StoredDeployment> deployments() {
    return deployments("");
  }

  /** When each deployment was first applied, by name. */
  public synchronized java.util.Map<String, Instant> createdTimes() {
    java.util.Map<String, Instant> out = new java.util.HashMap<>();
    query(
        "SELECT name, created FROM deployments",
        rs -> out.put(rs.getString(1), Instant.parse(rs.getString(2))));
    return out;
  }

  /** The latest event of each deployment that has one, by deployment name. */
  public synchronized java.util.Map<String, StoredEvent> lastEvents() {
    java.util.Map<String, StoredEvent> out = new java.util.HashMap<>();
    query(
        "SELECT id, deployment, at, type, reason, message FROM events"
            + " WHERE id IN (SELECT MAX(id) FROM events GROUP BY deployment)",
        rs ->
            out.put(
                rs.getString(2),
                new StoredEvent(
                    rs.getLong(1),
                    rs.getString(2),
                    Instant.parse(rs.getString(3)),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6))));
    return out;
  }

  /** Removes a deployment with everything recorded about it except its events. */
  public synchronized void deleteDeployment(String name) {
    update("DELETE FROM deployments WHERE name = ?", name);
    update("DELETE FROM commands WHERE deployment = ?", name);
    update("DELETE FROM measurements WHERE deployment = ?", name);
    update("DELETE FROM revision_specs WHERE deployment = ?", name);
  }

  public synchronized void putTemplate(String name, String spec) {
    update(
        "INSERT INTO templates(name, spec) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET"
            + " spec = excluded.spec",
        name,
        spec);
  }

  /** Template documents by name. */
  public synchronized java.util.Map<String, String> templates() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    query(
        "SELECT name, spec FROM templates ORDER BY name",
        rs -> out.put(rs.getString(1), rs.getString(2)));
    return out;
  }

  /** Records a command; returns its sequence number. */
  public synchronized long addCommand(
      String deployment, String kind, boolean full, Integer toRevision, Instant now) {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO commands(deployment, kind, full, to_revision, at) VALUES (?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, deployment);
      p.setString(2, kind);
      p.setInt(3, full ? 1 : 0);
      p.setObject(4, toRevision);
      p.setString(5, now.toString());
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot record command: " + e.getMessage(), e);
    }
  }

  /** Commands of a deployment after {@code afterSeq}, oldest first. */
  public synchronized List<Command> commandsAfter(String deployment, long afterSeq) {
    List<Command> out = new ArrayList<>();
    query(
        "SELECT seq, kind, full, to_revision FROM commands WHERE deployment = ? AND seq > ?"
            + " ORDER BY seq",
        rs -> {
          long seq = rs.getLong(1);
          Integer to = (Integer) rs.getObject(4);
          out.add(
              switch (rs.getString(2)) {
                case "promote" -> new Command.Promote(seq, rs.getInt(3) == 1);
                case "abort" -> new Command.Abort(seq);
                case "retry" -> new Command.Retry(seq);
                case "undo" -> new Command.Undo(seq, to);
                case "pause" -> new Command.Pause(seq);
                case "resume" -> new Command.Resume(seq);
                default ->
                    throw new StoreException("unknown command kind " + rs.getString(2), null);
              });
        },
        deployment,
        afterSeq);
    return out;
  }

  public synchronized void putMeasurement(StoredMeasurement m) {
    update(
        "INSERT OR REPLACE INTO measurements(query_id, deployment, metric, revision, at, value,"
            + " baseline, sample_size, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        m.queryId(),
        m.deployment(),
        m.metric(),
        m.revision(),
        m.at().toString(),
        m.value(),
        m.baseline(),
        m.sampleSize(),
        m.error());
  }

  public synchronized Optional<StoredMeasurement> measurement(String deployment, String queryId) {
    List<StoredMeasurement> out =
        measurements("WHERE deployment = ? AND query_id = ?", deployment, queryId);
    return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
  }

  public synchronized List<StoredMeasurement> measurements(String deployment) {
    return measurements("WHERE deployment = ? ORDER BY at", deployment);
  }

  public synchronized void addEvents(String deployment, List<Event> events) {
    for (Event e : events) {
      update(
          "INSERT INTO events(deployment, at, type, reason, message) VALUES (?, ?, ?, ?, ?)",
          deployment,
          e.at().toString(),
          e.type().name(),
          e.reason(),
          e.message());
    }
  }

  public synchronized void addEvent(
      String deployment, Instant at, String type, String reason, String message) {
    update(
        "INSERT INTO events(deployment, at, type, reason, message) VALUES (?, ?, ?, ?, ?)",
        deployment,
        at.toString(),
        type,
        reason,
        message);
  }

  /** Events of a deployment (all when null) with id above {@code afterId}, oldest first. */
  public synchronized List<StoredEvent> events(String deployment, long afterId) {
    List<StoredEvent> out = new ArrayList<>();
    String sql =
        "SELECT id, deployment, at, type, reason, message FROM events WHERE id > ?"
            + (deployment == null ? "" : " AND deployment = ?")
            + " ORDER BY id";
    Object[] args =
        deployment == null ? new Object[] {afterId} : new Object[] {afterId, deployment};
    query(
        sql,
        rs ->
            out.add(
                new StoredEvent(
                    rs.getLong(1),
                    rs.getString(2),
                    Instant.parse(rs.getString(3)),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6))),
        args);
    return out;
  }

  public synchronized void putReplica(StoredReplica r) {
    update(
        "INSERT OR REPLACE INTO replicas(deployment, revision, replica, pid, port) VALUES (?, ?,"
            + " ?, ?, ?)",
        r.deployment(),
        r.revision(),
        r.replica(),
        r.pid(),
        r.port());
  }

  public synchronized void removeReplica(String deployment, String revision, String replica) {
    update(
        "DELETE FROM replicas WHERE deployment = ? AND revision = ? AND replica = ?",
        deployment,
        revision,
        replica);
  }

  public synchronized List<StoredReplica> replicas() {
    List<StoredReplica> out = new ArrayList<>();
    query(
        "SELECT deployment, revision, replica, pid, port FROM replicas ORDER BY deployment,"
            + " revision, replica",
        rs ->
            out.add(
                new StoredReplica(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getLong(4),
                    rs.getInt(5))));
    return out;
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the state database: " + e.getMessage(), e);
    }
  }

  private List<StoredDeployment> deployments(String where, Object... args) {
    List<StoredDeployment> out = new ArrayList<>();
    query(
        "SELECT name, spec, status FROM deployments " + where + " ORDER BY name",
        rs -> {
          String status = rs.getString(3);
          out.add(
              new StoredDeployment(
                  rs.getString(1),
                  rs.getString(2),
                  status == null ? null : RolloutStatusJson.read(status)));
        },
        args);
    return out;
  }

  private List<StoredMeasurement> measurements(String where, Object... args) {
    List<StoredMeasurement> out = new ArrayList<>();
    query(
        "SELECT query_id, deployment, metric, revision, at, value, baseline, sample_size, error"
            + " FROM measurements "
            + where,
        rs ->
            out.add(
                new StoredMeasurement(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    Instant.parse(rs.getString(5)),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getObject(8) == null ? null : rs.getLong(8),
                    rs.getString(9))),
        args);
    return out;
  }

  private interface Row {
    void accept(ResultSet rs) throws SQLException;
  }

  private void query(String sql, Row row, Object... args) {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      bind(p, args);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          row.accept(rs);
        }
      }
    } catch (SQLException e) {
      throw new StoreException("state database query failed: " + e.getMessage(), e);
    }
  }

  private void update(String sql, Object... args) {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      bind(p, args);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("state database update failed: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement p, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      p.setObject(i + 1, args[i]);
    }
  }

  /** The database could not be read or written. */
  public static final class StoreException extends RuntimeException {
    StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
