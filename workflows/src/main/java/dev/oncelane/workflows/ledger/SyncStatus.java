package dev.oncelane.workflows.ledger;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an event stands, as the ledger's {@code result_status}. Transitions only move along the
 * edges of {@link #canMoveTo}.
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
  FAILED("failed");

  private static final Set<SyncStatus> SETTLED =
      EnumSet.of(COMPLETED, RESOLVED_AFTER_409, DISCARDED, FAILED);

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
   * The forward-only graph. {@code MANUAL_REVIEW → MANUAL_REVIEW} is an operator's retry that needs
   * review again, or a decision the CRM refused; {@code settled → SKIPPED_DUPLICATE} is a late
   * redelivery. Any status may "move" to itself: that is a note in the trail (see {@link
   * Transition#recordsANote()}), such as a refused decision, and does not move the event.
   */
  public boolean canMoveTo(SyncStatus next) {
    if (next == this) {
      return true;
    }
    return switch (this) {
      case RECEIVED -> next == PROCESSING;
      case PROCESSING -> next == COMPLETED || next == RESOLVED_AFTER_409 || next == MANUAL_REVIEW;
      case MANUAL_REVIEW ->
          next == COMPLETED
              || next == RESOLVED_AFTER_409
              || next == DISCARDED
              || next == FAILED
              || next == MANUAL_REVIEW;
      case COMPLETED, RESOLVED_AFTER_409, DISCARDED, FAILED -> next == SKIPPED_DUPLICATE;
      case SKIPPED_DUPLICATE -> false;
    };
  }
}
