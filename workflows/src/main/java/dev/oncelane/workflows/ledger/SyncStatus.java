package dev.oncelane.workflows.ledger;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an event stands, as the ledger's {@code result_status}. Transitions only move along the
 * edges of {@link #canMoveTo}. {@code FAILED} counts as settled (nothing more happens by itself),
 * but it is the one settled status an event leaves by running again on its own (a redelivery); the
 * others only by an operator's forced rerun or backfill.
 */
public enum SyncStatus {
  RECEIVED("received"),
  PROCESSING("processing"),
  COMPLETED("completed"),
  RESOLVED_AFTER_409("resolved_after_409"),
  MANUAL_REVIEW("manual_review"),
  /**
   * A late redelivery of an event the ledger already settled. Recorded in the trail only: the
   * event's status stays the outcome it had.
   */
  SKIPPED_DUPLICATE("skipped_duplicate"),
  DISCARDED("discarded"),
  FAILED("failed"),
  /**
   * Newest wins: every property of the event was already written by a newer event, so nothing was
   * written. The trail names the newer event per property.
   */
  SKIPPED_STALE("skipped_stale");

  private static final Set<SyncStatus> SETTLED =
      EnumSet.of(COMPLETED, RESOLVED_AFTER_409, DISCARDED, FAILED, SKIPPED_STALE);

  private final String code;

  SyncStatus(String code) {
    this.code = code;
  }

  /** The name used in the ledger, search attributes and the CLI. */
  public String code() {
    return code;
  }

  public static SyncStatus fromCode(String code) {
    for (SyncStatus s : values()) {
      if (s.code.equalsIgnoreCase(code) || s.name().equalsIgnoreCase(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown status: " + code);
  }

  /** True once nothing more will happen to the event. */
  public boolean isSettled() {
    return SETTLED.contains(this);
  }

  /**
   * The status graph. Moves go forward, with four ways back, each recorded in the trail:
   *
   * <ul>
   *   <li>{@code MANUAL_REVIEW → MANUAL_REVIEW}: an operator's retry that needs review again, or a
   *       decision the CRM refused;
   *   <li>{@code FAILED → PROCESSING}: a failed event runs again (its key redelivered, or {@code
   *       oncelane rerun}, {@code oncelane replay}), continuing the same trail;
   *   <li>{@code COMPLETED | RESOLVED_AFTER_409 | DISCARDED | SKIPPED_STALE → PROCESSING}: an
   *       operator's forced rerun or backfill ({@code oncelane replay --force | --properties}) runs
   *       a settled event again, continuing the same trail with the operator as actor;
   *   <li>{@code settled → MANUAL_REVIEW}: a redelivery after Temporal forgot the id whose payload
   *       differs from the one the ledger settled (reason {@code key_reused}).
   * </ul>
   *
   * {@code PROCESSING → SKIPPED_STALE} and {@code MANUAL_REVIEW → SKIPPED_STALE}: newer events
   * already wrote every property (newest wins). {@code PROCESSING → FAILED} is a failure the lane
   * does not handle (reason {@code lane_error}); {@code MANUAL_REVIEW → FAILED} that too, or an
   * expired review; {@code settled → SKIPPED_DUPLICATE} is a late redelivery of the same payload.
   * Any status may "move" to itself: that is a note in the trail (see {@link
   * Transition#recordsANote()}), such as a refused decision, and does not move the event.
   */
  public boolean canMoveTo(SyncStatus next) {
    if (next == this) {
      return true;
    }
    return switch (this) {
      case RECEIVED -> next == PROCESSING;
      case PROCESSING ->
          next == COMPLETED
              || next == RESOLVED_AFTER_409
              || next == MANUAL_REVIEW
              || next == FAILED
              || next == SKIPPED_STALE;
      case MANUAL_REVIEW ->
          next == COMPLETED
              || next == RESOLVED_AFTER_409
              || next == DISCARDED
              || next == FAILED
              || next == MANUAL_REVIEW
              || next == SKIPPED_STALE;
      case COMPLETED, RESOLVED_AFTER_409, DISCARDED, SKIPPED_STALE ->
          next == SKIPPED_DUPLICATE || next == MANUAL_REVIEW || next == PROCESSING;
      case FAILED -> next == SKIPPED_DUPLICATE || next == MANUAL_REVIEW || next == PROCESSING;
      case SKIPPED_DUPLICATE -> false;
    };
  }
}
