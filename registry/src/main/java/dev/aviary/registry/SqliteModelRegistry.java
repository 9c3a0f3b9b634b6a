package dev.aviary.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The registry in {@code DIR/registry.db}, artifacts in {@code DIR/artifacts}: one machine. */
public final class SqliteModelRegistry extends JdbcModelRegistry {
  private final Path db;
  private final Duration busyTimeout;
  private final Connection connection;
  private boolean inTransaction;

  public SqliteModelRegistry(Path dir, Clock clock) {
    this(dir, clock, Duration.ofSeconds(5));
  }

  /**
   * @param busyTimeout how long to wait for another process's write lock before failing
   */
  public SqliteModelRegistry(Path dir, Clock clock, Duration busyTimeout) {
    super(clock, new FileArtifactStore(dir));
    this.db = dir.resolve("registry.db");
    this.busyTimeout = busyTimeout;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new RegistryException("cannot create registry directory " + dir + ": " + e, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) busyTimeout.toMillis());
    config.enforceForeignKeys(true);
    String url = "jdbc:sqlite:" + db;
    try {
      Flyway.configure()
          .dataSource(
              new org.sqlite.SQLiteDataSource(config) {
                {
                  setUrl(url);
                }
              })
          .locations("classpath:db/migration")
          .loggers(QuietFlywayLog.NAME)
          .load()
          .migrate();
      this.connection = config.createConnection(url);
    } catch (FlywayException e) {
      throw new RegistryException(
          "cannot migrate registry database " + db + ": " + rootMessage(e), e);
    } catch (SQLException e) {
      throw translate("open", e);
    }
  }

  @Override
  Connection connection() {
    return connection;
  }

  /**
   * Transactions by statement, not through JDBC's auto-commit switch: the driver would begin the
   * next transaction right after each commit and, with IMMEDIATE, hold the write lock between
   * commands. IMMEDIATE takes the lock at BEGIN, so computing the next version number and inserting
   * it cannot interleave with another process doing the same.
   */
  @Override
  void begin(Connection c) throws SQLException {
    exec(c, "BEGIN IMMEDIATE");
    inTransaction = true;
  }

  @Override
  void commit(Connection c) throws SQLException {
    exec(c, "COMMIT");
    inTransaction = false;
  }

  @Override
  void rollback(Connection c) throws SQLException {
    // after a failed BEGIN (a locked database) there is nothing to roll back
    if (inTransaction) {
      inTransaction = false;
      exec(c, "ROLLBACK");
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (java.sql.Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  void lockName(Connection tx, String name) {
    // the IMMEDIATE transaction already holds the database's write lock
  }

  @Override
  RegistryException translate(String what, SQLException e) {
    if (e instanceof SQLiteException s
        && (s.getResultCode() == SQLiteErrorCode.SQLITE_BUSY
            || s.getResultCode() == SQLiteErrorCode.SQLITE_LOCKED)) {
      return new RegistryException(
          "registry database "
              + db
              + " is locked by another process (waited "
              + busyTimeout.toMillis()
              + " ms); cannot "
              + what,
          e);
    }
    return new RegistryException(
        "registry database " + db + ": cannot " + what + ": " + e.getMessage(), e);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public String location() {
    return db.getParent().toString();
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing is pending: every operation commits or rolls back
    }
  }
}
