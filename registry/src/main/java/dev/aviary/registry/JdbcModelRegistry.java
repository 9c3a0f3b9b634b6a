package dev.aviary.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The SQL both databases share. A subclass supplies the connection, its way of serializing
 * registrations of one name, where artifact bytes go, and how its errors read. One instance serves
 * one thread (a command); processes share the database safely.
 */
abstract class JdbcModelRegistry implements ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "name, version, sha256, size_bytes, format, signature, metrics, params, tags, git_commit,"
          + " git_dirty, data_uri, data_sha256, trained_by, parent_version, created_by, created_at";

  private final Clock clock;
  private final ArtifactStore artifacts;

  /** Runs between storing the bytes and committing the row; tests make it fail. */
  Runnable afterArtifactStored = () -> {};

  JdbcModelRegistry(Clock clock, ArtifactStore artifacts) {
    this.clock = clock;
    this.artifacts = artifacts;
  }

  abstract Connection connection() throws SQLException;

  abstract void begin(Connection c) throws SQLException;

  abstract void commit(Connection c) throws SQLException;

  abstract void rollback(Connection c) throws SQLException;

  /** Serializes registrations and alias moves of {@code name} within the transaction. */
  abstract void lockName(Connection tx, String name) throws SQLException;

  /** The one-line message for a database failure while doing {@code what}. */
  abstract RegistryException translate(String what, SQLException e);

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    try {
      Connection c = connection();
      begin(c);
      try {
        T result = work.run(c);
        commit(c);
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          rollback(c);
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw translate(what, e);
    }
  }

  @Override
  public Registered register(NewVersion request) {
    String name = Names.checkModelName(request.name());
    request.aliases().forEach(Names::checkAlias);
    Path file = request.file();
    if (!Files.isRegularFile(file)) {
      throw new RegistryException("model file " + file + " does not exist or is not a file");
    }
    Signature signature = OnnxSignatures.read(file);
    String sha = Sha256.of(file);
    long size = size(file);
    Lineage asked = request.lineage();
    Instant now = clock.instant();
    return inTransaction(
        "register " + name,
        c -> {
          lockName(c, name);
          ModelVersion existing = findBySha(c, name, sha);
          boolean created = existing == null;
          int version;
          if (created) {
            if (asked.parentVersion() != null && find(c, name, asked.parentVersion()) == null) {
              throw new RegistryException(
                  "parent version " + name + ":" + asked.parentVersion() + " does not exist");
            }
            artifacts.put(c, sha, file);
            afterArtifactStored.run();
            version = nextVersion(c, name);
            insert(c, name, version, sha, size, signature, request, asked, now);
          } else {
            version = existing.version();
          }
          for (String alias : request.aliases()) {
            moveAlias(c, name, version, alias, asked.createdBy(), now);
          }
          return new Registered(find(c, name, version), created);
        });
  }

  @Override
  public List<ModelVersion> list(String name) {
    if (name != null) {
      Names.checkModelName(name);
    }
    return inTransaction(
        "list models",
        c -> {
          String sql =
              "SELECT "
                  + COLUMNS
                  + " FROM model_version"
                  + (name == null ? "" : " WHERE name = ?")
                  + " ORDER BY name, version";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
              ps.setString(1, name);
            }
            return read(c, ps);
          }
        });
  }

  @Override
  public ModelVersion get(ModelRef ref) {
    return inTransaction("get " + ref, c -> resolve(c, ref));
  }

  @Override
  public AliasMove setAlias(String name, int version, String alias, String movedBy) {
    Names.checkModelName(name);
    Names.checkAlias(alias);
    Instant now = clock.instant();
    return inTransaction(
        "set alias " + alias,
        c -> {
          lockName(c, name);
          if (find(c, name, version) == null) {
            throw new UnknownModelException(
                "model version " + name + ":" + version + " does not exist");
          }
          return moveAlias(c, name, version, alias, movedBy, now);
        });
  }

  @Override
  public List<AliasMove> aliasHistory(String name) {
    Names.checkModelName(name);
    return inTransaction(
        "read alias history",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT alias, from_version, to_version, moved_by, moved_at FROM alias_history"
                      + " WHERE name = ? ORDER BY moved_at, alias, seq")) {
            ps.setString(1, name);
            List<AliasMove> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                int from = rs.getInt(2);
                Integer fromVersion = rs.wasNull() ? null : from;
                out.add(
                    new AliasMove(
                        name,
                        rs.getString(1),
                        fromVersion,
                        rs.getInt(3),
                        rs.getString(4),
                        Instant.parse(rs.getString(5))));
              }
            }
            return out;
          }
        });
  }

  @Override
  public void delete(String name, int version) {
    Names.checkModelName(name);
    String sha =
        inTransaction(
            "delete " + name + ":" + version,
            c -> {
              lockName(c, name);
              ModelVersion v = find(c, name, version);
              if (v == null) {
                throw new UnknownModelException(
                    "model version " + name + ":" + version + " does not exist");
              }
              if (!v.aliases().isEmpty()) {
                throw new RegistryException(
                    "model version "
                        + v.ref()
                        + (v.aliases().size() == 1
                            ? " is in use by alias "
                            : " is in use by aliases ")
                        + String.join(", ", v.aliases())
                        + ": move the alias first");
              }
              try (PreparedStatement ps =
                  c.prepareStatement("DELETE FROM model_version WHERE name = ? AND version = ?")) {
                ps.setString(1, name);
                ps.setInt(2, version);
                ps.executeUpdate();
              }
              return usedElsewhere(c, v.sha256()) ? null : v.sha256();
            });
    if (sha != null) {
      inTransaction(
          "remove artifact " + sha,
          c -> {
            artifacts.remove(c, sha);
            return null;
          });
    }
  }

  @Override
  public void download(String name, int version, Path target) {
    ModelVersion v = get(new ModelRef(Names.checkModelName(name), version, null));
    Path dir = target.toAbsolutePath().getParent();
    Path temp;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, ".download-", ".tmp");
      Files.delete(temp);
    } catch (IOException e) {
      throw new RegistryException("cannot write " + target + ": " + e.getMessage(), e);
    }
    try {
      inTransaction(
          "download " + v.ref(),
          c -> {
            artifacts.copyTo(c, v.sha256(), temp);
            return null;
          });
      String got = Sha256.of(temp);
      if (!got.equals(v.sha256())) {
        throw new RegistryException(
            "artifact of " + v.ref() + " is corrupt: sha256 " + got + ", expected " + v.sha256());
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new RegistryException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  private ModelVersion resolve(Connection c, ModelRef ref) throws SQLException {
    if (ref.alias() != null) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT version FROM model_alias WHERE name = ? AND alias = ?")) {
        ps.setString(1, ref.name());
        ps.setString(2, ref.alias());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new UnknownModelException(
                "alias '" + ref.alias() + "' of model '" + ref.name() + "' does not exist");
          }
          return find(c, ref.name(), rs.getInt(1));
        }
      }
    }
    if (ref.version() != null) {
      ModelVersion v = find(c, ref.name(), ref.version());
      if (v == null) {
        throw new UnknownModelException("model version " + ref + " does not exist");
      }
      return v;
    }
    int latest = nextVersion(c, ref.name()) - 1;
    if (latest == 0) {
      throw new UnknownModelException("model '" + ref.name() + "' has no versions");
    }
    return find(c, ref.name(), latest);
  }

  private AliasMove moveAlias(
      Connection c, String name, int version, String alias, String who, Instant now)
      throws SQLException {
    Integer from = null;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT version FROM model_alias WHERE name = ? AND alias = ?")) {
      ps.setString(1, name);
      ps.setString(2, alias);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          from = rs.getInt(1);
        }
      }
    }
    AliasMove move = new AliasMove(name, alias, from, version, who, now);
    if (from != null && from == version) {
      return move;
    }
    String upsert =
        from == null
            ? "INSERT INTO model_alias (version, name, alias) VALUES (?, ?, ?)"
            : "UPDATE model_alias SET version = ? WHERE name = ? AND alias = ?";
    try (PreparedStatement ps = c.prepareStatement(upsert)) {
      ps.setInt(1, version);
      ps.setString(2, name);
      ps.setString(3, alias);
      ps.executeUpdate();
    }
    int seq;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM alias_history WHERE name = ? AND alias = ?")) {
      ps.setString(1, name);
      ps.setString(2, alias);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        seq = rs.getInt(1);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO alias_history (name, alias, seq, from_version, to_version, moved_by,"
                + " moved_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, name);
      ps.setString(2, alias);
      ps.setInt(3, seq);
      if (from == null) {
        ps.setNull(4, Types.INTEGER);
      } else {
        ps.setInt(4, from);
      }
      ps.setInt(5, version);
      ps.setString(6, who);
      ps.setString(7, now.toString());
      ps.executeUpdate();
    }
    return move;
  }

  private static int nextVersion(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM model_version WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static boolean usedElsewhere(Connection c, String sha) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM model_version WHERE sha256 = ?")) {
      ps.setString(1, sha);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void insert(
      Connection c,
      String name,
      int version,
      String sha,
      long size,
      Signature signature,
      NewVersion r,
      Lineage l,
      Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO model_version ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, name);
      ps.setInt(2, version);
      ps.setString(3, sha);
      ps.setLong(4, size);
      ps.setString(5, "onnx");
      ps.setString(6, json(signature));
      ps.setString(7, json(new TreeMap<>(r.metrics())));
      ps.setString(8, json(new TreeMap<>(r.params())));
      ps.setString(9, json(new TreeMap<>(r.tags())));
      ps.setString(10, l.gitCommit());
      if (l.gitDirty() == null) {
        ps.setNull(11, Types.BOOLEAN);
      } else {
        ps.setBoolean(11, l.gitDirty());
      }
      ps.setString(12, l.dataUri());
      ps.setString(13, l.dataSha256());
      ps.setString(14, l.trainedBy());
      if (l.parentVersion() == null) {
        ps.setNull(15, Types.INTEGER);
      } else {
        ps.setInt(15, l.parentVersion());
      }
      ps.setString(16, l.createdBy());
      ps.setString(17, now.toString());
      ps.executeUpdate();
    }
  }

  private static ModelVersion findBySha(Connection c, String name, String sha) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM model_version WHERE name = ? AND sha256 = ?")) {
      ps.setString(1, name);
      ps.setString(2, sha);
      List<ModelVersion> found = read(c, ps);
      return found.isEmpty() ? null : found.get(0);
    }
  }

  private static ModelVersion find(Connection c, String name, int version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM model_version WHERE name = ? AND version = ?")) {
      ps.setString(1, name);
      ps.setInt(2, version);
      List<ModelVersion> found = read(c, ps);
      return found.isEmpty() ? null : found.get(0);
    }
  }

  private static List<ModelVersion> read(Connection c, PreparedStatement ps) throws SQLException {
    List<ModelVersion> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        boolean dirty = rs.getBoolean(11);
        Boolean gitDirty = rs.wasNull() ? null : dirty;
        int parent = rs.getInt(15);
        Integer parentVersion = rs.wasNull() ? null : parent;
        String name = rs.getString(1);
        int version = rs.getInt(2);
        out.add(
            new ModelVersion(
                name,
                version,
                rs.getString(3).trim(),
                rs.getLong(4),
                rs.getString(5),
                parse(rs.getString(6), new TypeReference<Signature>() {}),
                parse(rs.getString(7), new TypeReference<TreeMap<String, Double>>() {}),
                parse(rs.getString(8), new TypeReference<TreeMap<String, String>>() {}),
                parse(rs.getString(9), new TypeReference<TreeMap<String, String>>() {}),
                new Lineage(
                    rs.getString(10),
                    gitDirty,
                    rs.getString(12),
                    trim(rs.getString(13)),
                    rs.getString(14),
                    parentVersion,
                    rs.getString(16),
                    Instant.parse(rs.getString(17))),
                List.of()));
      }
    }
    List<ModelVersion> withAliases = new ArrayList<>(out.size());
    for (ModelVersion v : out) {
      withAliases.add(
          new ModelVersion(
              v.name(),
              v.version(),
              v.sha256(),
              v.size(),
              v.format(),
              v.signature(),
              v.metrics(),
              v.params(),
              v.tags(),
              v.lineage(),
              aliases(c, v.name(), v.version())));
    }
    return withAliases;
  }

  private static List<String> aliases(Connection c, String name, int version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT alias FROM model_alias WHERE name = ? AND version = ? ORDER BY alias")) {
      ps.setString(1, name);
      ps.setInt(2, version);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T parse(String s, TypeReference<T> type) {
    try {
      return JSON.readValue(s, type);
    } catch (JsonProcessingException e) {
      throw new RegistryException("registry row is unreadable: " + e.getOriginalMessage(), e);
    }
  }
}
