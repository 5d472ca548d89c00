package dev.oncelane.activities.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.activities.ledger.LedgerConnections;
import dev.oncelane.activities.ledger.LedgerStorageException;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.sync.ContactEvent;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The ledger's tables for imports ({@code imports}, {@code import_rows}): the rows {@code oncelane
 * import} read, which the import workflow starts, and what became of them.
 *
 * <p>A row's event is stored as JSON (the form Temporal's Jackson converter gives a {@link
 * ContactEvent}), beside its processing id, line, problem and raw text. Where the import stands is
 * never stored: {@link #progress} and {@link #unfinished} join {@code import_rows} with {@code
 * sync_ledger} by processing id, so they answer from any machine with the ledger URL, while the
 * import runs or long after. Each read is one or two queries, whatever the import's size; {@code
 * import_rows} is keyed by {@code (import_id, line)} and indexed by processing id.
 *
 * <p>Every method throws {@link LedgerStorageException} when the database fails.
 */
public final class ImportStore {

  /** Rows per JDBC batch when saving: one round trip per this many rows. */
  private static final int BATCH = 500;

  /** Ledger statuses whose event has had its values written or found already there. */
  private static final String DONE_STATUSES =
      "'"
          + SyncStatus.COMPLETED.code()
          + "', '"
          + SyncStatus.RESOLVED_AFTER_409.code()
          + "', '"
          + SyncStatus.SKIPPED_STALE.code()
          + "'";

  /** Ledger statuses of an event the lane is still working on. */
  private static final String WORKING_STATUSES =
      "'" + SyncStatus.RECEIVED.code() + "', '" + SyncStatus.PROCESSING.code() + "'";

  /** The distinct processing ids of an import's valid rows (parameters: import id, last line). */
  private static final String EVENTS_OF_IMPORT =
      "(SELECT DISTINCT processing_id FROM import_rows"
          + " WHERE import_id = ? AND processing_id IS NOT NULL AND line <= ?) r"
          + " LEFT JOIN sync_ledger l ON l.processing_id = r.processing_id";

  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private final LedgerConnections connections;

  /** A store on the ledger's {@code dataSource}, whose schema {@code LedgerSchema} created. */
  public ImportStore(DataSource dataSource) {
    this.connections = new LedgerConnections(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Stores an import and all its rows in one transaction; nothing when {@code importId} is already
   * stored (the rows given then are not compared with the stored ones: the same id means the same
   * file).
   *
   * @return true if stored now, false if it was already there
   */
  public boolean save(ImportManifest manifest, List<ImportRow> rows) {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(rows, "rows");
    return connections.inTransaction(
        "save import " + manifest.importId(),
        connection -> {
          if (!insertManifest(connection, manifest)) {
            return false;
          }
          insertRows(connection, manifest.importId(), rows);
          return true;
        });
  }

  private static boolean insertManifest(Connection connection, ImportManifest manifest)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO imports (import_id, name, file_name, file_sha256, total_rows,"
                + " invalid_rows, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (import_id) DO NOTHING")) {
      insert.setString(1, manifest.importId());
      insert.setString(2, manifest.name());
      insert.setString(3, manifest.fileName());
      insert.setString(4, manifest.fileSha256());
      insert.setInt(5, manifest.totalRows());
      insert.setInt(6, manifest.invalidRows());
      insert.setString(7, manifest.submittedBy());
      insert.setLong(8, manifest.submittedAtMillis());
      return insert.executeUpdate() == 1;
    }
  }

  private static void insertRows(Connection connection, String importId, List<ImportRow> rows)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO import_rows (import_id, line, processing_id, event, problem, raw)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      int batched = 0;
      for (ImportRow row : rows) {
        insert.setString(1, importId);
        insert.setInt(2, row.line());
        insert.setString(3, row.isValid() ? row.processingId() : null);
        insert.setString(4, row.isValid() ? toJson(row.event()) : null);
        insert.setString(5, row.problem());
        insert.setString(6, row.raw());
        insert.addBatch();
        if (++batched == BATCH) {
          insert.executeBatch();
          batched = 0;
        }
      }
      if (batched > 0) {
        insert.executeBatch();
      }
    }
  }

  /** The stored import, if the ledger has {@code importId}. */
  public Optional<ImportManifest> find(String importId) {
    return connections.read(
        "find import " + importId, connection -> manifest(connection, importId));
  }

  private static Optional<ImportManifest> manifest(Connection connection, String importId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT import_id, name, file_name, file_sha256, total_rows, invalid_rows,"
                + " submitted_by, submitted_at FROM imports WHERE import_id = ?")) {
      select.setString(1, importId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new ImportManifest(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getLong(8)));
      }
    }
  }

  /**
   * The import's valid rows after {@code afterLine}, in line order, at most {@code limit}: a page
   * for the import workflow's feed. Empty when none is left (or the import is unknown).
   */
  public List<ImportRow> validRows(String importId, int afterLine, int limit) {
    return connections.read(
        "rows of import " + importId + " after line " + afterLine,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT line, event, raw FROM import_rows"
                      + " WHERE import_id = ? AND line > ? AND problem IS NULL"
                      + " ORDER BY line LIMIT ?")) {
            select.setString(1, importId);
            select.setInt(2, afterLine);
            select.setInt(3, limit);
            try (ResultSet rs = select.executeQuery()) {
              List<ImportRow> rows = new ArrayList<>();
              while (rs.next()) {
                rows.add(ImportRow.valid(rs.getInt(1), fromJson(rs.getString(2)), rs.getString(3)));
              }
              return rows;
            }
          }
        });
  }

  /**
   * The import's events on lines up to {@code throughLine} that are unsettled: not in the ledger
   * yet, or {@code received} / {@code processing} there; each processing id once. The import's feed
   * reads this once per call (one query over the import's rows), then follows only these ids with
   * {@link #stillUnsettled}.
   */
  public Set<String> unsettledEvents(String importId, int throughLine) {
    return connections.read(
        "unsettled events of import " + importId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT r.processing_id FROM "
                      + EVENTS_OF_IMPORT
                      + " WHERE l.result_status IS NULL OR l.result_status IN ("
                      + WORKING_STATUSES
                      + ")")) {
            select.setString(1, importId);
            select.setInt(2, throughLine);
            return ids(select);
          }
        });
  }

  /**
   * Of {@code processingIds}, those still unsettled: not in the ledger yet, or {@code received} /
   * {@code processing} there. One query by primary key per {@value #BATCH} ids, however large the
   * import.
   */
  public Set<String> stillUnsettled(Collection<String> processingIds) {
    List<String> ids = List.copyOf(processingIds);
    if (ids.isEmpty()) {
      return Set.of();
    }
    return connections.read(
        "settled events among " + ids.size(),
        connection -> {
          Set<String> unsettled = new HashSet<>(ids);
          for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH));
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT processing_id FROM sync_ledger WHERE processing_id IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                        + ") AND result_status NOT IN ("
                        + WORKING_STATUSES
                        + ")")) {
              for (int i = 0; i < chunk.size(); i++) {
                select.setString(i + 1, chunk.get(i));
              }
              unsettled.removeAll(ids(select));
            }
          }
          return unsettled;
        });
  }

  private static Set<String> ids(PreparedStatement select) throws SQLException {
    try (ResultSet rs = select.executeQuery()) {
      Set<String> ids = new HashSet<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      return ids;
    }
  }

  /**
   * Where the import's rows stand, counted as {@link ImportProgress} says: valid rows once per
   * distinct processing id, by their event's ledger status.
   *
   * @throws IllegalArgumentException when the ledger has no import {@code importId}
   */
  public ImportProgress progress(String importId) {
    return connections.read(
        "progress of import " + importId,
        connection -> {
          ImportManifest manifest =
              manifest(connection, importId)
                  .orElseThrow(
                      () -> new IllegalArgumentException("the ledger has no import " + importId));
          int validRows = 0;
          int events = 0;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT COUNT(processing_id), COUNT(DISTINCT processing_id) FROM import_rows"
                      + " WHERE import_id = ?")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
              if (rs.next()) {
                validRows = rs.getInt(1);
                events = rs.getInt(2);
              }
            }
          }
          int pending = 0;
          int processing = 0;
          int completed = 0;
          int inReview = 0;
          int failed = 0;
          int discarded = 0;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT l.result_status, COUNT(*) FROM "
                      + EVENTS_OF_IMPORT
                      + " GROUP BY l.result_status")) {
            select.setString(1, importId);
            select.setInt(2, Integer.MAX_VALUE);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                String code = rs.getString(1);
                int count = rs.getInt(2);
                if (code == null) {
                  pending += count;
                  continue;
                }
                switch (SyncStatus.fromCode(code)) {
                  case RECEIVED, PROCESSING -> processing += count;
                  case COMPLETED, RESOLVED_AFTER_409, SKIPPED_STALE -> completed += count;
                  case MANUAL_REVIEW -> inReview += count;
                  case FAILED -> failed += count;
                  case DISCARDED -> discarded += count;
                  case SKIPPED_DUPLICATE -> completed += count; // never a row's status
                }
              }
            }
          }
          return new ImportProgress(
              importId,
              manifest.totalRows(),
              manifest.invalidRows(),
              validRows - events,
              pending,
              processing,
              completed,
              inReview,
              failed,
              discarded);
        });
  }

  /**
   * Every row that did not complete, in line order: invalid rows (status {@code invalid}, reason
   * the row's problem) and valid rows whose event is not {@code completed}, {@code
   * resolved_after_409} or {@code skipped_stale} (status {@code pending} when the ledger has no
   * event yet, {@code processing} while the lane works on it, else the ledger's status, with its
   * reason and the CRM's message). A repeated row is listed on each of its lines.
   */
  public List<UnfinishedRow> unfinished(String importId) {
    return connections.read(
        "unfinished rows of import " + importId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT r.line, r.processing_id, r.problem, r.raw, l.result_status, l.reason,"
                      + " l.error_payload FROM import_rows r"
                      + " LEFT JOIN sync_ledger l ON l.processing_id = r.processing_id"
                      + " WHERE r.import_id = ? AND (r.problem IS NOT NULL"
                      + " OR l.result_status IS NULL OR l.result_status NOT IN ("
                      + DONE_STATUSES
                      + ")) ORDER BY r.line")) {
            select.setString(1, importId);
            try (ResultSet rs = select.executeQuery()) {
              List<UnfinishedRow> rows = new ArrayList<>();
              while (rs.next()) {
                rows.add(unfinishedRow(rs));
              }
              return rows;
            }
          }
        });
  }

  private static UnfinishedRow unfinishedRow(ResultSet rs) throws SQLException {
    int line = rs.getInt(1);
    String processingId = rs.getString(2);
    String problem = rs.getString(3);
    String raw = rs.getString(4);
    if (problem != null) {
      return new UnfinishedRow(line, null, "invalid", problem, null, raw);
    }
    String code = rs.getString(5);
    String status =
        code == null
            ? "pending"
            : switch (SyncStatus.fromCode(code)) {
              case RECEIVED, PROCESSING -> SyncStatus.PROCESSING.code();
              default -> code;
            };
    return new UnfinishedRow(line, processingId, status, rs.getString(6), rs.getString(7), raw);
  }

  private static String toJson(ContactEvent event) {
    try {
      return JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot store the event " + event.processingId(), e);
    }
  }

  private static ContactEvent fromJson(String json) {
    try {
      return JSON.readValue(json, ContactEvent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable event in import_rows: " + e.getMessage(), e);
    }
  }
}
