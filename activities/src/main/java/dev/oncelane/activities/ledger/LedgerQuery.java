package dev.oncelane.activities.ledger;

import dev.oncelane.workflows.ledger.SyncStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The ledger read for operators choosing events in bulk ({@code oncelane replay}): reads only,
 * never a write. The workflow's writes and single-event reads stay in {@link JdbcLedger}.
 *
 * <p>One query per selection (per 500 processing ids, when ids are given), on SQL that runs
 * unchanged on SQLite and PostgreSQL; {@code result_status} is indexed. 10,000 selected rows are
 * one result set.
 */
public final class LedgerQuery {

  /** Processing ids per {@code IN (…)} list: well under SQLite's and PostgreSQL's limits. */
  static final int IDS_PER_QUERY = 500;

  private final LedgerConnections connections;

  /** Reads {@code dataSource}, whose schema {@link LedgerSchema#create} has prepared. */
  public LedgerQuery(DataSource dataSource) {
    this.connections = new LedgerConnections(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * The events {@code selection} chooses, oldest first (by when the ledger first saw them, then by
   * processing id). Processing ids the ledger does not know are left out.
   *
   * @throws IllegalArgumentException when the selection has no criterion (it would choose every
   *     event: the caller must say so explicitly)
   * @throws LedgerStorageException when the database fails
   */
  public List<LedgerRow> select(EventSelection selection) {
    if (selection.selectsEverything()) {
      throw new IllegalArgumentException("a selection needs at least one criterion");
    }
    if (selection.processingIds().isEmpty()) {
      return selectWhere(selection, List.of());
    }
    List<LedgerRow> rows = new ArrayList<>();
    List<String> ids = selection.processingIds();
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      rows.addAll(
          selectWhere(selection, ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY))));
    }
    rows.sort(
        Comparator.comparingLong(LedgerRow::createdAtMillis)
            .thenComparing(LedgerRow::processingId));
    return rows;
  }

  /**
   * Every source the ledger has an event from, sorted (e.g. {@code [generic, import, typeform]}):
   * what {@code --source} can name. One scan of {@code sync_ledger}.
   *
   * @throws LedgerStorageException when the database fails
   */
  public List<String> sources() {
    return connections.read(
        "sources of events",
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT DISTINCT source FROM sync_ledger ORDER BY source");
              ResultSet rs = select.executeQuery()) {
            List<String> sources = new ArrayList<>();
            while (rs.next()) {
              sources.add(rs.getString(1));
            }
            return sources;
          }
        });
  }

  private List<LedgerRow> selectWhere(EventSelection selection, List<String> ids) {
    StringBuilder sql =
        new StringBuilder("SELECT ").append(JdbcLedger.ROW_COLUMNS).append(" FROM sync_ledger");
    List<Object> parameters = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    in(
        conditions,
        parameters,
        "result_status",
        selection.statuses().stream().map(SyncStatus::code).sorted().toList());
    in(conditions, parameters, "reason", sorted(selection.reasons()));
    in(conditions, parameters, "source", sorted(selection.sources()));
    in(conditions, parameters, "processing_id", ids);
    if (selection.createdFromMillis() != null) {
      conditions.add("created_at >= ?");
      parameters.add(selection.createdFromMillis());
    }
    if (selection.createdUntilMillis() != null) {
      conditions.add("created_at < ?");
      parameters.add(selection.createdUntilMillis());
    }
    if (!conditions.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conditions));
    }
    sql.append(" ORDER BY created_at, processing_id");
    return connections.read(
        "selection of events",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
              select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
              List<LedgerRow> rows = new ArrayList<>();
              while (rs.next()) {
                rows.add(JdbcLedger.toRow(rs));
              }
              return rows;
            }
          }
        });
  }

  private static void in(
      List<String> conditions, List<Object> parameters, String column, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    conditions.add(
        column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")");
    parameters.addAll(values);
  }

  private static List<String> sorted(Collection<String> values) {
    return values.stream().sorted().toList();
  }
}
