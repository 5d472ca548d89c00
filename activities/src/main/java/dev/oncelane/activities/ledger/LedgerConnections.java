package dev.oncelane.activities.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How the ledger's classes borrow a pooled connection: a read on one connection, or a transaction
 * that commits or rolls back as a whole. Every {@link SQLException} becomes a {@link
 * LedgerStorageException} naming what was being done. Public for the ledger's other tables' stores
 * (e.g. {@code imports.ImportStore}).
 */
public final class LedgerConnections {

  /** Work against one connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  public LedgerConnections(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} on one connection in auto-commit mode; {@code what} names it in errors. */
  public <T> T read(String what, SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new LedgerStorageException("ledger " + what + " failed", e);
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  public <T> T inTransaction(String what, SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        // sqlite-jdbc opens the next transaction right after a commit; end it before pooling.
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("ledger " + what + " failed", e);
    }
  }
}
