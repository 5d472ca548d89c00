package dev.oncelane.workers.operator;

import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workflows.freshness.PropertyVersion;
import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.sync.SyncState;
import java.util.List;
import java.util.Map;

/**
 * What {@code oncelane status} tells about one event: its ledger row, its trail and, while its
 * workflow runs, the workflow's own view.
 *
 * @param live the workflow's state, when it was asked and answered
 * @param liveNote why there is no live state (settled, or Temporal did not answer)
 * @param run the state of the event's last Temporal run when the ledger shows it unsettled but the
 *     run has closed ({@code failed}, {@code terminated}, {@code timed_out}, …), else null
 * @param keyReused for an event whose key was reused: each field that differs, with the stored and
 *     the redelivered value; empty otherwise
 * @param contactProperties per property of the event's contact, which event's value the CRM holds
 *     (newest wins), by property name
 */
record EventView(
    String processingId,
    String source,
    String email,
    String status,
    String crmId,
    String reason,
    String crmMessage,
    int crmWrites,
    String receivedAt,
    String updatedAt,
    List<Step> trail,
    Live live,
    String liveNote,
    String run,
    List<Difference> keyReused,
    List<PropertySource> contactProperties) {

  static EventView of(LedgerRow row, List<Transition> trail, Live live, String liveNote) {
    return of(row, trail, Map.of(), live, liveNote, null);
  }

  static EventView of(
      LedgerRow row,
      List<Transition> trail,
      Map<Integer, Integer> rewrites,
      Live live,
      String liveNote,
      String run) {
    return new EventView(
        row.processingId(),
        row.source(),
        row.objectKey(),
        row.status().code(),
        row.crmId(),
        row.reason(),
        row.errorPayload(),
        row.attempts(),
        OperatorOutput.instant(row.createdAtMillis()),
        OperatorOutput.instant(row.updatedAtMillis()),
        trail.stream().map(t -> Step.of(t, rewrites.get(t.seq()))).toList(),
        live,
        liveNote,
        run,
        Difference.of(row, trail),
        List.of());
  }

  /** One field a reused key's payloads disagree on. */
  record Difference(String field, String stored, String redelivered) {

    /** The differences behind the event's last {@code key_reused} step, if it had one. */
    static List<Difference> of(LedgerRow row, List<Transition> trail) {
      Transition reused = null;
      for (Transition t : trail) {
        if (ReviewReason.KEY_REUSED.code().equals(t.reason()) && t.errorPayload() != null) {
          reused = t;
        }
      }
      if (reused == null || row.payload() == null) {
        return List.of();
      }
      EventPayload redelivered;
      try {
        redelivered = EventPayload.fromJson(reused.errorPayload());
      } catch (IllegalArgumentException unreadable) {
        return List.of();
      }
      EventPayload stored = row.payload();
      return stored.differingFields(redelivered).stream()
          .map(f -> new Difference(f, stored.field(f), redelivered.field(f)))
          .toList();
    }
  }

  /** This view with its contact's property sources. */
  EventView withContactProperties(List<PropertyVersion> versions) {
    return new EventView(
        processingId,
        source,
        email,
        status,
        crmId,
        reason,
        crmMessage,
        crmWrites,
        receivedAt,
        updatedAt,
        trail,
        live,
        liveNote,
        run,
        keyReused,
        versions.stream().map(PropertySource::of).toList());
  }

  /**
   * Which event wrote a contact property's current value.
   *
   * @param event the processing id of that event
   * @param eventTime its event time ({@code occurredAt}, else its accept time), ISO-8601
   * @param acceptedAt when the relay accepted it, ISO-8601
   * @param writtenAt when the ledger recorded the write, ISO-8601
   */
  record PropertySource(
      String property, String event, String eventTime, String acceptedAt, String writtenAt) {

    static PropertySource of(PropertyVersion v) {
      return new PropertySource(
          v.property(),
          v.key().processingId(),
          OperatorOutput.instant(v.key().eventTime()),
          OperatorOutput.instant(v.key().acceptedAt()),
          OperatorOutput.instant(v.writtenAt()));
    }
  }

  /** One transition of the trail. */
  record Step(
      int seq,
      String at,
      String from,
      String to,
      String actor,
      String reason,
      String crmId,
      String detail,
      String crmMessage,
      Integer rewrites) {

    /** A step; {@code rewrites} names the step it rewrote (after a Reset), else null. */
    static Step of(Transition t, Integer rewrites) {
      return new Step(
          t.seq(),
          OperatorOutput.instant(t.atMillis()),
          t.from() == null ? null : t.from().code(),
          t.to().code(),
          t.actor(),
          t.reason(),
          t.crmId(),
          t.detail(),
          t.errorPayload(),
          rewrites);
    }
  }

  /** The running workflow's answer to its {@code state} query. */
  record Live(
      String status,
      String email,
      Map<String, String> properties,
      String crmId,
      String reason,
      String crmMessage,
      String reviewSince,
      String reviewDeadline,
      ReviewDecision lastDecision) {

    static Live of(SyncState s) {
      return new Live(
          s.status() == null ? null : s.status().code(),
          s.email(),
          s.properties(),
          s.crmId(),
          s.reason() == null ? null : s.reason().code(),
          s.crmMessage(),
          OperatorOutput.instant(s.reviewSinceMillis()),
          OperatorOutput.instant(s.reviewDeadlineMillis()),
          s.lastDecision());
    }
  }
}
