package dev.oncelane.activities.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates the ledger's tables and indexes if they are missing. Safe to run at every start; the
 * statements are plain SQL that SQLite and PostgreSQL both accept.
 */
public final class LedgerSchema {

  private static final List<String> STATEMENTS =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS sync_ledger (
            processing_id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            object_type TEXT NOT NULL,
            object_key TEXT,
            result_status TEXT NOT NULL,
            crm_id TEXT,
            reason TEXT,
            error_payload TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            payload_hash TEXT,
            payload TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
          )""",
          "CREATE INDEX IF NOT EXISTS sync_ledger_object_key ON sync_ledger (object_key)",
          "CREATE INDEX IF NOT EXISTS sync_ledger_result_status ON sync_ledger (result_status)",
          """
          CREATE TABLE IF NOT EXISTS sync_transitions (
            processing_id TEXT NOT NULL REFERENCES sync_ledger (processing_id),
            seq INTEGER NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT,
            crm_id TEXT,
            detail TEXT,
            error_payload TEXT,
            crm_writes INTEGER NOT NULL DEFAULT 0,
            rewrites_seq INTEGER,
            PRIMARY KEY (processing_id, seq)
          )""",
          // Newest wins: per contact and property, the ordering key of the event whose value the
          // CRM holds. Not tied to sync_ledger rows: it outlives any one event.
          """
          CREATE TABLE IF NOT EXISTS property_versions (
            object_key TEXT NOT NULL,
            property TEXT NOT NULL,
            event_time BIGINT NOT NULL,
            accepted_at BIGINT NOT NULL,
            processing_id TEXT NOT NULL,
            written_at BIGINT NOT NULL,
            PRIMARY KEY (object_key, property)
          )""",
          // Imports (imports.ImportStore): one row per submitted file, one per data row of it.
          // A row's event is JSON; its processing id joins sync_ledger for the import's progress.
          """
          CREATE TABLE IF NOT EXISTS imports (
            import_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            file_name TEXT,
            file_sha256 TEXT,
            total_rows INTEGER NOT NULL,
            invalid_rows INTEGER NOT NULL,
            submitted_by TEXT,
            submitted_at BIGINT NOT NULL
          )""",
          """
          CREATE TABLE IF NOT EXISTS import_rows (
            import_id TEXT NOT NULL REFERENCES imports (import_id),
            line INTEGER NOT NULL,
            processing_id TEXT,
            event TEXT,
            problem TEXT,
            raw TEXT,
            PRIMARY KEY (import_id, line)
          )""",
          "CREATE INDEX IF NOT EXISTS import_rows_processing_id ON import_rows (processing_id)");

  /**
   * Columns added after the first release, as {@code table, column, type}: a ledger created before
   * them gets them at the next start. Neither SQLite nor older PostgreSQL share an {@code ADD
   * COLUMN IF NOT EXISTS}, so the schema asks the database's metadata first.
   */
  private static final List<String[]> ADDED_COLUMNS =
      List.of(
          new String[] {"sync_ledger", "payload", "TEXT"},
          new String[] {"sync_transitions", "rewrites_seq", "INTEGER"});

  private LedgerSchema() {}

  private static boolean hasColumn(Connection connection, String table, String column)
      throws SQLException {
    try (ResultSet columns = connection.getMetaData().getColumns(null, null, table, column)) {
      return columns.next();
    }
  }

  /**
   * Creates whatever part of the schema does not exist yet; existing tables and their data are left
   * as they are.
   *
   * @throws LedgerStorageException if the database refuses
   */
  public static void create(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : STATEMENTS) {
        statement.execute(sql);
      }
      for (String[] column : ADDED_COLUMNS) {
        if (!hasColumn(connection, column[0], column[1])) {
          statement.execute(
              "ALTER TABLE " + column[0] + " ADD COLUMN " + column[1] + " " + column[2]);
        }
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("cannot create the ledger schema", e);
    }
  }
}
