package dev.oncelane.activities.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger contract on a real PostgreSQL server (a throwaway {@link PostgresCluster}), connected
 * the way production is: a URL plus {@code ONCELANE_LEDGER_USER} / {@code
 * ONCELANE_LEDGER_PASSWORD}, as a non-superuser that owns its database.
 */
class PostgresLedgerTest extends LedgerContractTest {

  private static final String DATABASE = "oncelane_ledger";
  private static final String USER = "oncelane";
  private static final String PASSWORD = "s3cret-ledger-pass";

  private static PostgresCluster cluster;
  private static HikariDataSource pool;

  @BeforeAll
  static void startPostgres() throws SQLException {
    cluster = PostgresCluster.startOrSkip();
    cluster.execute(
        "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'",
        "CREATE DATABASE " + DATABASE + " OWNER " + USER);
    pool =
        LedgerDataSources.open(
            LedgerDatabase.fromEnv(
                Map.of(
                    LedgerDataSources.URL_VARIABLE,
                    cluster.jdbcUrl(DATABASE),
                    LedgerDatabase.USER_VARIABLE,
                    USER,
                    LedgerDatabase.PASSWORD_VARIABLE,
                    PASSWORD),
                Path.of("unused")));
  }

  @AfterAll
  static void stopPostgres() {
    if (pool != null) {
      pool.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected DataSource dataSource() {
    return pool;
  }

  @Test
  void theLedgerConnectsAsTheConfiguredUser() throws SQLException {
    assertEquals(USER, currentUser(pool));
  }

  @Test
  void credentialsMayRideInTheUrl() throws SQLException {
    String url = cluster.jdbcUrl(DATABASE) + "?user=" + USER + "&password=" + PASSWORD;

    try (HikariDataSource fromUrl = LedgerDataSources.open(LedgerDatabase.at(url))) {
      assertEquals(USER, currentUser(fromUrl));
      completedThrough(new JdbcLedger(fromUrl));
    }
    assertEquals(SyncStatus.COMPLETED, ledger().find("typeform:url").orElseThrow().status());
  }

  @Test
  void aWrongPasswordFailsAtOnceAndTheMessageDoesNotShowIt() {
    LedgerDatabase wrong = new LedgerDatabase(cluster.jdbcUrl(DATABASE), USER, "not-the-password");

    RuntimeException failure =
        assertThrows(RuntimeException.class, () -> LedgerDataSources.open(wrong).close());

    assertTrue(
        failure.getMessage().contains("password authentication failed"), failure.getMessage());
    assertFalse(failure.getMessage().contains("not-the-password"), failure.getMessage());
  }

  private static void completedThrough(JdbcLedger ledger) {
    ledger.begin(event("typeform:url", "url@example.com"));
    ledger.record(step("typeform:url", 3, SyncStatus.PROCESSING, SyncStatus.COMPLETED, "7", 1));
  }

  private static String currentUser(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
