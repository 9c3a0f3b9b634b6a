package dev.aviary.registry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The registry in a PostgreSQL database, artifacts included, for a team sharing one registry. User
 * and password come from the URL ({@code ?user=...&password=...}) as the JDBC driver reads them.
 */
public final class PostgresModelRegistry extends JdbcModelRegistry {
  private final String url;
  private final Connection connection;

  public PostgresModelRegistry(String url, Clock clock) {
    super(clock, new DatabaseArtifactStore());
    this.url = url;
    try {
      this.connection = DriverManager.getConnection(url);
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw translate("connect", e);
    }
    try {
      Flyway.configure()
          .dataSource(url, null, null)
          .locations("classpath:db/migration", "classpath:db/postgresql")
          .loggers(QuietFlywayLog.NAME)
          .load()
          .migrate();
    } catch (FlywayException e) {
      close();
      throw new RegistryException(
          "cannot migrate registry database "
              + location()
              + ": "
              + SqliteModelRegistry.rootMessage(e),
          e);
    }
  }

  @Override
  Connection connection() {
    return connection;
  }

  @Override
  void begin(Connection c) {
    // manual-commit mode: the driver begins a transaction at the first statement
  }

  @Override
  void commit(Connection c) throws SQLException {
    c.commit();
  }

  @Override
  void rollback(Connection c) throws SQLException {
    c.rollback();
  }

  @Override
  void lockName(Connection tx, String name) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      ps.setString(1, name);
      ps.execute();
    }
  }

  @Override
  RegistryException translate(String what, SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("08")) {
      return new RegistryException(
          "cannot reach registry database "
              + location()
              + " to "
              + what
              + ": "
              + SqliteModelRegistry.rootMessage(e),
          e);
    }
    return new RegistryException(
        "registry database " + location() + ": cannot " + what + ": " + e.getMessage(), e);
  }

  @Override
  public String location() {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // nothing is pending: every operation commits or rolls back
    }
  }
}
