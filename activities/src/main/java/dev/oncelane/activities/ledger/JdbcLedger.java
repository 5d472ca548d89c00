package dev.oncelane.activities.ledger;

import static dev.oncelane.workflows.ledger.SyncStatus.COMPLETED;
import static dev.oncelane.workflows.ledger.SyncStatus.FAILED;
import static dev.oncelane.workflows.ledger.SyncStatus.MANUAL_REVIEW;
import static dev.oncelane.workflows.ledger.SyncStatus.PROCESSING;
import static dev.oncelane.workflows.ledger.SyncStatus.RECEIVED;
import static dev.oncelane.workflows.ledger.SyncStatus.RESOLVED_AFTER_409;
import static dev.oncelane.workflows.ledger.SyncStatus.SKIPPED_DUPLICATE;

import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.LedgerEntry;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.policy.LanePolicies;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.Rerun;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state ledger over JDBC: the workflow's writes ({@link #begin}, {@link #record}) and the
 * operator's reads ({@link #find}, {@link #trail}, {@link #findByObjectKey}, {@link #openReviews},
 * {@link #since}, and for reports {@link #createdSince}, {@link #trailsCreatedSince}, {@link
 * #countOpenReviews}).
 *
 * <p>Every write is one transaction that first locks the event's row, so concurrent copies of the
 * same call (activities run at least once, sometimes twice at a time) take turns and the later one
 * finds the step already written. The row lock is a no-op {@code UPDATE}: PostgreSQL takes a row
 * lock for it and SQLite, in {@code BEGIN IMMEDIATE} mode, already holds the write lock, so no
 * vendor syntax ({@code SELECT … FOR UPDATE}) is needed.
 *
 * <p>Row columns follow the steps: {@code crm_id}, {@code reason} and {@code error_payload} take
 * the step's value when it has one. A step to {@code completed} or {@code resolved_after_409}
 * without a reason clears {@code reason} and {@code error_payload}: the row tells where the event
 * stands now, the trail keeps why it once waited for review. A step back to {@code processing} (a
 * failed event running again, or an operator's forced rerun or backfill of a settled one) clears
 * them too. A step to {@code skipped_duplicate} is written to the trail only and leaves the row as
 * it was.
 *
 * <p>Step numbers and rewrites: the workflow numbers its steps. The same {@code (processing_id,
 * seq)} with the same {@code from → to} is a retry and writes nothing. The same number with a
 * different {@code from → to} (after a Temporal Reset, the run writes step numbers the ledger
 * already has) is a <em>rewrite</em>: it is appended under the next free number, from the status
 * the row really has, with {@code rewrites_seq} naming the step it rewrites and a detail that says
 * so ({@code rewritten: step 3 was processing -> completed (run …)}), and the row's status follows
 * it. {@link #record} answers the number used, and the workflow numbers on from there.
 */
public final class JdbcLedger {

  /** The failure type of a {@link #begin} call without a processing id or source. */
  public static final String INVALID_EVENT = "InvalidLedgerEvent";

  private static final Logger log = LoggerFactory.getLogger(JdbcLedger.class);

  /** The columns {@link #toRow} reads, for the ledger's other read classes. */
  static final String ROW_COLUMNS =
      "processing_id, source, object_type, object_key, result_status, crm_id, reason,"
          + " error_payload, attempts, payload_hash, created_at, updated_at, payload, accepted_at";

  private static final String STEP_COLUMNS =
      "processing_id, seq, from_status, to_status, at, actor, reason, crm_id, detail,"
          + " error_payload, crm_writes";

  private final LedgerConnections connections;
  private final Clock clock;
  private final PropertyVersions propertyVersions;

  /** A ledger on {@code dataSource}, whose schema {@link LedgerSchema#create} has prepared. */
  public JdbcLedger(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  /** As {@link #JdbcLedger(DataSource)}, stamping rows with {@code clock}'s time. */
  public JdbcLedger(DataSource dataSource, Clock clock) {
    this.connections = new LedgerConnections(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.propertyVersions = new PropertyVersions(dataSource, clock);
  }

  /** Per contact and property, which event's value was written last (newest wins). */
  public PropertyVersions propertyVersions() {
    return propertyVersions;
  }

  /**
   * Records a new event as steps 1 ({@code → received}) and 2 ({@code received → processing}) and
   * returns it as {@code processing}. A {@code failed} event whose stored payload hash matches (or
   * is unknown) runs again: the trail goes on with {@code failed → processing}, by the operator of
   * {@link ContactEvent#rerun()} or else the lane. A settled event ({@code completed}, {@code
   * resolved_after_409}, {@code discarded}, {@code skipped_stale}) runs again the same way only
   * when the event carries an operator's forced rerun or backfill ({@link
   * Rerun#rewritesSettled()}), the step's detail saying so ({@code forced rerun: <why>}, {@code
   * backfill: firstname,lastname}). For any other event already in the ledger, changes nothing
   * (except that a row left at {@code received} moves on to {@code processing}) and returns the row
   * as it stands, with the number of its last step and the payload hash and canonical event it
   * keeps.
   *
   * @throws ApplicationFailure non-retryable, type {@link #INVALID_EVENT}, when the event has no
   *     processing id or source
   * @throws LedgerStorageException when the database fails (retryable)
   */
  public LedgerEntry begin(ContactEvent event) {
    if (event == null || isBlank(event.processingId()) || isBlank(event.source())) {
      throw ApplicationFailure.newNonRetryableFailure(
          event == null
              ? "a ledger entry needs an event"
              : "a ledger entry needs a processing id and a source, got processing id '%s', source '%s'"
                  .formatted(event.processingId(), event.source()),
          INVALID_EVENT);
    }
    String id = event.processingId();
    return connections.inTransaction(
        "begin " + id,
        connection -> {
          long now = clock.millis();
          if (insertRow(connection, event, now)) {
            insertStep(
                connection,
                new Transition(
                    id,
                    1,
                    null,
                    RECEIVED,
                    now,
                    Transition.LANE_ACTOR,
                    null,
                    null,
                    "received from " + event.source(),
                    null,
                    0));
          } else {
            lockRow(connection, id);
          }
          LedgerRow row = selectRow(connection, id).orElseThrow();
          int lastSeq = lastSeq(connection, id);
          LedgerEntry asItStands = entry(row, row.status(), lastSeq);
          if (runsAgain(row, event) && !asItStands.heldAnotherPayloadThan(event.payloadHash())) {
            return runAgain(connection, row, event, lastSeq, now);
          }
          if (row.status() != RECEIVED) {
            return asItStands;
          }
          Transition start =
              new Transition(
                  id,
                  lastSeq + 1,
                  RECEIVED,
                  PROCESSING,
                  now,
                  Transition.LANE_ACTOR,
                  null,
                  null,
                  "processing started",
                  null,
                  0);
          apply(connection, row, start);
          return entry(row, PROCESSING, start.seq());
        });
  }

  /**
   * Whether {@code event} runs the event of {@code row} again: a failed event always (delivered
   * again or rerun), another settled one only for an operator's forced rerun or backfill.
   */
  private static boolean runsAgain(LedgerRow row, ContactEvent event) {
    if (row.status() == FAILED) {
      return true;
    }
    Rerun rerun = event.rerun();
    return row.status().isSettled()
        && rerun != null
        && rerun.rewritesSettled()
        && !isBlank(rerun.by());
  }

  /**
   * {@code failed → processing} for a failed event delivered again or rerun by an operator; {@code
   * settled → processing} for an operator's forced rerun or backfill.
   */
  private LedgerEntry runAgain(
      Connection connection, LedgerRow row, ContactEvent event, int lastSeq, long now)
      throws SQLException {
    boolean byOperator = event.rerun() != null && !isBlank(event.rerun().by());
    String detail;
    if (!byOperator) {
      detail = "delivered again after failing; running again";
    } else if (row.status() == FAILED) {
      detail = event.rerun().describe() + " (" + event.rerun().startedWith() + ")";
    } else {
      detail = event.rerun().describe();
    }
    Transition again =
        new Transition(
            row.processingId(),
            lastSeq + 1,
            row.status(),
            PROCESSING,
            now,
            byOperator ? event.rerun().by() : Transition.LANE_ACTOR,
            null,
            null,
            detail,
            null,
            row.attempts());
    apply(connection, row, again);
    EventPayload payload = row.payload();
    if (payload == null) {
      payload = EventPayload.of(event);
      try (PreparedStatement fill =
          connection.prepareStatement(
              "UPDATE sync_ledger SET payload = ?, payload_hash = COALESCE(payload_hash, ?)"
                  + " WHERE processing_id = ?")) {
        fill.setString(1, payload.toJson());
        fill.setString(2, event.payloadHash());
        fill.setString(3, row.processingId());
        fill.executeUpdate();
      }
    }
    String hash = row.payloadHash() != null ? row.payloadHash() : event.payloadHash();
    return new LedgerEntry(row.processingId(), PROCESSING, row.crmId(), again.seq(), hash, payload);
  }

  private static LedgerEntry entry(LedgerRow row, SyncStatus status, int lastSeq) {
    return new LedgerEntry(
        row.processingId(), status, row.crmId(), lastSeq, row.payloadHash(), row.payload());
  }

  /** As {@link #record(Transition, String)}, for a writer that has no run id to name. */
  public StepWrite record(Transition step) {
    return record(step, null);
  }

  /**
   * Appends {@code step} to its event's trail and moves the event's status. A step already recorded
   * (same processing id, seq, from and to) is a no-op. A step whose seq is taken by a different
   * step is a rewrite (see the class comment): appended under the next free seq, naming {@code
   * runId} as the run that rewrote it.
   *
   * @param runId the Temporal run writing the step, for the trail of a rewrite; may be null
   * @return the seq used, and the row as it stood before when this call wrote the step
   * @throws ApplicationFailure non-retryable, type {@link LanePolicies#ILLEGAL_TRANSITION}, when
   *     the event is unknown, {@code step.from()} cannot move to {@code step.to()}, or (for a step
   *     that is not a rewrite) the event's status is not {@code step.from()}; nothing is written
   * @throws LedgerStorageException when the database fails (retryable)
   */
  public StepWrite record(Transition step, String runId) {
    requireWellFormed(step);
    return connections.inTransaction(
        "record " + step.processingId() + " #" + step.seq(),
        connection -> {
          if (!lockRow(connection, step.processingId())) {
            throw illegal(step, "the ledger has no event " + step.processingId());
          }
          Optional<Transition> recorded = recordedStep(connection, step.processingId(), step.seq());
          if (recorded.isPresent()) {
            Transition old = recorded.get();
            if (old.from() == step.from() && old.to() == step.to()) {
              return new StepWrite(step.seq(), null, null);
            }
            return rewrite(connection, old, step, runId);
          }
          LedgerRow row = selectRow(connection, step.processingId()).orElseThrow();
          if (row.status() != step.from()) {
            throw illegal(step, "the event is " + row.status().code());
          }
          if (!step.from().canMoveTo(step.to())) {
            throw illegal(step, "no such edge in the status graph");
          }
          apply(connection, row, step, null);
          return new StepWrite(step.seq(), row, null);
        });
  }

  /**
   * {@code step} takes a number already used by {@code old}: append it as a new step. When the last
   * step already is this rewrite (the write is being retried), nothing more is written.
   */
  private StepWrite rewrite(Connection connection, Transition old, Transition step, String runId)
      throws SQLException {
    if (!step.from().canMoveTo(step.to())) {
      throw illegal(step, "no such edge in the status graph");
    }
    String id = step.processingId();
    int lastSeq = lastSeq(connection, id);
    Optional<Transition> last = recordedStep(connection, id, lastSeq);
    Integer lastRewrites = rewritesSeq(connection, id, lastSeq);
    if (last.isPresent()
        && Integer.valueOf(step.seq()).equals(lastRewrites)
        && last.get().to() == step.to()) {
      return new StepWrite(lastSeq, null, step.seq());
    }
    LedgerRow row = selectRow(connection, id).orElseThrow();
    String note =
        "rewritten: step %d was %s -> %s%s"
            .formatted(
                old.seq(),
                old.from() == null ? "-" : old.from().code(),
                old.to().code(),
                runId == null ? "" : " (run " + runId + ")");
    Transition appended =
        new Transition(
            id,
            lastSeq + 1,
            row.status(),
            step.to(),
            step.atMillis(),
            step.actor(),
            step.reason(),
            step.crmId(),
            step.detail() == null ? note : note + "; " + step.detail(),
            step.errorPayload(),
            step.crmWrites());
    log.warn(
        "ledger step {} #{} was recorded as {} -> {} and is now written as {} -> {};"
            + " appended as #{}",
        id,
        step.seq(),
        old.from() == null ? "-" : old.from().code(),
        old.to().code(),
        step.from().code(),
        step.to().code(),
        appended.seq());
    apply(connection, row, appended, step.seq());
    return new StepWrite(appended.seq(), row, step.seq());
  }

  /** The event's row, if the ledger knows {@code processingId}. */
  public Optional<LedgerRow> find(String processingId) {
    if (processingId == null) {
      return Optional.empty();
    }
    return connections.read(
        "find " + processingId, connection -> selectRow(connection, processingId));
  }

  /** The event's steps in order; empty for an unknown event. */
  public List<Transition> trail(String processingId) {
    return connections.read(
        "trail of " + processingId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + STEP_COLUMNS
                      + " FROM sync_transitions WHERE processing_id = ? ORDER BY seq")) {
            select.setString(1, processingId);
            try (ResultSet rs = select.executeQuery()) {
              List<Transition> steps = new ArrayList<>();
              while (rs.next()) {
                steps.add(toTransition(rs));
              }
              return steps;
            }
          }
        });
  }

  /**
   * The rewritten steps of an event: for each step that rewrote another, its seq mapped to the seq
   * it rewrote; empty when nothing was rewritten.
   */
  public Map<Integer, Integer> rewrites(String processingId) {
    return connections.read(
        "rewrites of " + processingId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT seq, rewrites_seq FROM sync_transitions"
                      + " WHERE processing_id = ? AND rewrites_seq IS NOT NULL ORDER BY seq")) {
            select.setString(1, processingId);
            try (ResultSet rs = select.executeQuery()) {
              Map<Integer, Integer> rewrites = new TreeMap<>();
              while (rs.next()) {
                rewrites.put(rs.getInt(1), rs.getInt(2));
              }
              return rewrites;
            }
          }
        });
  }

  /** Every event about {@code email} (compared normalized), oldest first. */
  public List<LedgerRow> findByObjectKey(String email) {
    String key = ContactEvent.normalizeEmail(email);
    if (key == null) {
      return List.of();
    }
    return selectRows(
        "WHERE object_key = ? ORDER BY created_at, processing_id", key, "events of " + key);
  }

  /** The events waiting in {@code manual_review}, longest waiting first. */
  public List<LedgerRow> openReviews() {
    return selectRows(
        "WHERE result_status = ? ORDER BY updated_at, processing_id",
        MANUAL_REVIEW.code(),
        "open reviews");
  }

  /** The events whose row changed at or after {@code epochMillis}, in the order they changed. */
  public List<LedgerRow> since(long epochMillis) {
    return selectRows(
        "WHERE updated_at >= ? ORDER BY updated_at, processing_id",
        epochMillis,
        "events since " + epochMillis);
  }

  /** The events the ledger first saw at or after {@code epochMillis}, oldest first. */
  public List<LedgerRow> createdSince(long epochMillis) {
    return selectRows(
        "WHERE created_at >= ? ORDER BY created_at, processing_id",
        epochMillis,
        "events created since " + epochMillis);
  }

  /**
   * The steps of every event first seen at or after {@code epochMillis}, ordered by event and step:
   * one query for a whole report instead of one per event.
   */
  public List<Transition> trailsCreatedSince(long epochMillis) {
    return connections.read(
        "trails of events created since " + epochMillis,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + qualified("t", STEP_COLUMNS)
                      + " FROM sync_transitions t JOIN sync_ledger l"
                      + " ON l.processing_id = t.processing_id"
                      + " WHERE l.created_at >= ? ORDER BY t.processing_id, t.seq")) {
            select.setLong(1, epochMillis);
            try (ResultSet rs = select.executeQuery()) {
              List<Transition> steps = new ArrayList<>();
              while (rs.next()) {
                steps.add(toTransition(rs));
              }
              return steps;
            }
          }
        });
  }

  /** How many events wait in {@code manual_review} now. */
  public int countOpenReviews() {
    return connections.read(
        "count of open reviews",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM sync_ledger WHERE result_status = ?")) {
            select.setString(1, MANUAL_REVIEW.code());
            try (ResultSet rs = select.executeQuery()) {
              return rs.next() ? rs.getInt(1) : 0;
            }
          }
        });
  }

  private static String qualified(String alias, String columns) {
    return alias + "." + String.join(", " + alias + ".", columns.split(",\\s*"));
  }

  private static void requireWellFormed(Transition step) {
    if (step == null
        || isBlank(step.processingId())
        || step.seq() < 1
        || step.from() == null
        || step.to() == null
        || isBlank(step.actor())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a ledger step needs a processing id, a seq from 1, from and to statuses and an actor: "
              + step,
          LanePolicies.ILLEGAL_TRANSITION);
    }
  }

  private static ApplicationFailure illegal(Transition step, String why) {
    return ApplicationFailure.newNonRetryableFailure(
        "illegal ledger step %s #%d %s -> %s: %s"
            .formatted(step.processingId(), step.seq(), step.from().code(), step.to().code(), why),
        LanePolicies.ILLEGAL_TRANSITION);
  }

  private void apply(Connection connection, LedgerRow row, Transition step) throws SQLException {
    apply(connection, row, step, null);
  }

  private void apply(Connection connection, LedgerRow row, Transition step, Integer rewrites)
      throws SQLException {
    insertStep(connection, step, rewrites);
    if (step.to() == SKIPPED_DUPLICATE || step.recordsANote()) {
      return; // the row stays: a late redelivery or a note does not move the event
    }
    // A write, or a fresh start, leaves no reason behind; any other step keeps the last one.
    boolean written =
        step.to() == COMPLETED || step.to() == RESOLVED_AFTER_409 || step.to() == PROCESSING;
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE sync_ledger SET result_status = ?, crm_id = ?, reason = ?, error_payload = ?,"
                + " attempts = ?, updated_at = ? WHERE processing_id = ?")) {
      update.setString(1, step.to().code());
      update.setString(2, firstNonNull(step.crmId(), row.crmId()));
      update.setString(3, firstNonNull(step.reason(), written ? null : row.reason()));
      update.setString(4, firstNonNull(step.errorPayload(), written ? null : row.errorPayload()));
      update.setInt(5, Math.max(row.attempts(), step.crmWrites()));
      update.setLong(6, clock.millis());
      update.setString(7, row.processingId());
      update.executeUpdate();
    }
  }

  private static boolean insertRow(Connection connection, ContactEvent event, long now)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sync_ledger ("
                + ROW_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, 0, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (processing_id) DO NOTHING")) {
      insert.setString(1, event.processingId());
      insert.setString(2, event.source());
      insert.setString(3, ContactEvent.OBJECT_TYPE);
      insert.setString(4, event.email());
      insert.setString(5, RECEIVED.code());
      insert.setString(6, event.payloadHash());
      insert.setLong(7, now);
      insert.setLong(8, now);
      insert.setString(9, EventPayload.of(event).toJson());
      // Kept so a replay beyond Temporal's retention sorts where the event was (newest wins).
      insert.setObject(10, event.acceptedAt(), java.sql.Types.BIGINT);
      return insert.executeUpdate() == 1;
    }
  }

  /** Takes the row's write lock for the rest of the transaction; false if there is no row. */
  private static boolean lockRow(Connection connection, String processingId) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "UPDATE sync_ledger SET updated_at = updated_at WHERE processing_id = ?")) {
      lock.setString(1, processingId);
      return lock.executeUpdate() == 1;
    }
  }

  private static void insertStep(Connection connection, Transition step) throws SQLException {
    insertStep(connection, step, null);
  }

  private static void insertStep(Connection connection, Transition step, Integer rewrites)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sync_transitions ("
                + STEP_COLUMNS
                + ", rewrites_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, step.processingId());
      insert.setInt(2, step.seq());
      insert.setString(3, step.from() == null ? null : step.from().code());
      insert.setString(4, step.to().code());
      insert.setLong(5, step.atMillis());
      insert.setString(6, step.actor());
      insert.setString(7, step.reason());
      insert.setString(8, step.crmId());
      insert.setString(9, step.detail());
      insert.setString(10, step.errorPayload());
      insert.setInt(11, step.crmWrites());
      insert.setObject(12, rewrites, java.sql.Types.INTEGER);
      insert.executeUpdate();
    }
  }

  private static Optional<Transition> recordedStep(
      Connection connection, String processingId, int seq) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + STEP_COLUMNS
                + " FROM sync_transitions WHERE processing_id = ? AND seq = ?")) {
      select.setString(1, processingId);
      select.setInt(2, seq);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(toTransition(rs)) : Optional.empty();
      }
    }
  }

  private static Integer rewritesSeq(Connection connection, String processingId, int seq)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT rewrites_seq FROM sync_transitions WHERE processing_id = ? AND seq = ?")) {
      select.setString(1, processingId);
      select.setInt(2, seq);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        int value = rs.getInt(1);
        return rs.wasNull() ? null : value;
      }
    }
  }

  private static int lastSeq(Connection connection, String processingId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT MAX(seq) FROM sync_transitions WHERE processing_id = ?")) {
      select.setString(1, processingId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  private static Optional<LedgerRow> selectRow(Connection connection, String processingId)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + ROW_COLUMNS + " FROM sync_ledger WHERE processing_id = ?")) {
      select.setString(1, processingId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(toRow(rs)) : Optional.empty();
      }
    }
  }

  private List<LedgerRow> selectRows(String whereAndOrder, Object parameter, String what) {
    return connections.read(
        what,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + ROW_COLUMNS + " FROM sync_ledger " + whereAndOrder)) {
            select.setObject(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
              List<LedgerRow> rows = new ArrayList<>();
              while (rs.next()) {
                rows.add(toRow(rs));
              }
              return rows;
            }
          }
        });
  }

  static LedgerRow toRow(ResultSet rs) throws SQLException {
    return new LedgerRow(
        rs.getString("processing_id"),
        rs.getString("source"),
        rs.getString("object_type"),
        rs.getString("object_key"),
        SyncStatus.fromCode(rs.getString("result_status")),
        rs.getString("crm_id"),
        rs.getString("reason"),
        rs.getString("error_payload"),
        rs.getInt("attempts"),
        rs.getString("payload_hash"),
        rs.getLong("created_at"),
        rs.getLong("updated_at"),
        fromJson(rs.getString("payload")),
        nullableLong(rs, "accepted_at"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /** The stored canonical event; null when absent or unreadable (it is shown, never relied on). */
  private static EventPayload fromJson(String json) {
    if (json == null) {
      return null;
    }
    try {
      return EventPayload.fromJson(json);
    } catch (IllegalArgumentException e) {
      log.warn("unreadable payload in the ledger: {}", e.getMessage());
      return null;
    }
  }

  private static Transition toTransition(ResultSet rs) throws SQLException {
    String from = rs.getString("from_status");
    return new Transition(
        rs.getString("processing_id"),
        rs.getInt("seq"),
        from == null ? null : SyncStatus.fromCode(from),
        SyncStatus.fromCode(rs.getString("to_status")),
        rs.getLong("at"),
        rs.getString("actor"),
        rs.getString("reason"),
        rs.getString("crm_id"),
        rs.getString("detail"),
        rs.getString("error_payload"),
        rs.getInt("crm_writes"));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String firstNonNull(String preferred, String fallback) {
    return preferred != null ? preferred : fallback;
  }
}
