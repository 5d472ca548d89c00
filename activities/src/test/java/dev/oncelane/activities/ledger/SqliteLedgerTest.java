package dev.oncelane.activities.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger contract on a SQLite file, plus what only a file-backed SQLite ledger does. */
class SqliteLedgerTest extends LedgerContractTest {

  @TempDir Path tempDir;

  private HikariDataSource dataSource;

  @Override
  protected DataSource dataSource() {
    if (dataSource == null) {
      dataSource = LedgerDataSources.open(url());
    }
    return dataSource;
  }

  private String url() {
    // A directory that does not exist yet: opening the ledger creates it.
    return LedgerDataSources.defaultUrl(tempDir.resolve("data"));
  }

  @AfterEach
  void close() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  @Test
  void aReopenedLedgerFileKeepsItsData() {
    completed("typeform:e1", "ada@example.com", "101");
    LedgerRow before = ledger().find("typeform:e1").orElseThrow();
    dataSource.close();

    try (HikariDataSource reopened = LedgerDataSources.open(url())) {
      LedgerSchema.create(reopened);
      JdbcLedger ledger = new JdbcLedger(reopened);

      assertTrue(Files.isRegularFile(tempDir.resolve("data").resolve("ledger.db")));
      assertEquals(before, ledger.find("typeform:e1").orElseThrow());
      assertEquals(3, ledger.trail("typeform:e1").size());
      assertEquals(
          adaEntry("typeform:e1", SyncStatus.COMPLETED, "101", 3),
          ledger.begin(event("typeform:e1", "ada@example.com")));
    }
  }

  @Test
  void connectionsUseWalAndWaitForOtherWriters() throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertEquals("wal", pragma(statement, "journal_mode"));
      assertEquals("10000", pragma(statement, "busy_timeout"));
      assertEquals("1", pragma(statement, "foreign_keys"));
    }
  }

  private static String pragma(Statement statement, String name) throws SQLException {
    try (ResultSet rs = statement.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
