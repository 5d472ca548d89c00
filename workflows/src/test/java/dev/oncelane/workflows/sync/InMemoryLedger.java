package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.freshness.Freshness;
import dev.oncelane.workflows.freshness.OrderingKey;
import dev.oncelane.workflows.freshness.PropertyVersion;
import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.ledger.LedgerEntry;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.policy.LanePolicies;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A ledger for workflow tests with the real ledger's rules: forward-only, idempotent per step. Can
 * lose the answer of its next write, to prove a retried write lands once.
 */
final class InMemoryLedger implements LedgerActivities {

  private final Map<String, SyncStatus> status = new HashMap<>();
  private final Map<String, String> crmIds = new HashMap<>();
  private final Map<String, List<Transition>> trails = new HashMap<>();
  private final Map<String, OrderingKey> versions = new HashMap<>();
  private final Map<String, String> hashes = new HashMap<>();
  private final Map<String, EventPayload> payloads = new HashMap<>();
  private int recordCalls;
  private int answersToLose;
  private LedgerEntry staleBegin;

  synchronized void seedSettled(String processingId, SyncStatus settled, String crmId) {
    seedSettled(processingId, settled, crmId, null, null);
  }

  /** An event settled earlier with {@code payload}, whose hash was {@code hash}. */
  synchronized void seedSettled(
      String processingId, SyncStatus settled, String crmId, String hash, EventPayload payload) {
    hashes.put(processingId, hash);
    payloads.put(processingId, payload);
    status.put(processingId, settled);
    crmIds.put(processingId, crmId);
    trails.put(
        processingId,
        new ArrayList<>(
            List.of(
                step(processingId, 1, null, SyncStatus.RECEIVED),
                step(processingId, 2, SyncStatus.RECEIVED, SyncStatus.PROCESSING),
                step(processingId, 3, SyncStatus.PROCESSING, settled))));
  }

  /**
   * The next begin answers {@code status} and {@code lastSeq}, whatever the ledger holds: what a
   * run reset to just after its begin finds in its history.
   */
  synchronized void answerNextBeginAsOf(SyncStatus status, int lastSeq) {
    staleBegin = new LedgerEntry(null, status, null, lastSeq);
  }

  /** The next {@code n} writes commit, then fail as if the answer was lost. */
  synchronized void loseNextAnswers(int n) {
    answersToLose = n;
  }

  @Override
  public synchronized LedgerEntry begin(ContactEvent event) {
    String id = event.processingId();
    if (staleBegin != null) {
      LedgerEntry stale = staleBegin;
      staleBegin = null;
      return new LedgerEntry(id, stale.status(), null, stale.lastSeq());
    }
    if (!status.containsKey(id)) {
      hashes.put(id, event.payloadHash());
      payloads.put(id, EventPayload.of(event));
      status.put(id, SyncStatus.PROCESSING);
      trails.put(
          id,
          new ArrayList<>(
              List.of(
                  step(id, 1, null, SyncStatus.RECEIVED),
                  step(id, 2, SyncStatus.RECEIVED, SyncStatus.PROCESSING))));
    }
    List<Transition> trail = trails.get(id);
    LedgerEntry entry =
        new LedgerEntry(
            id, status.get(id), crmIds.get(id), trail.size(), hashes.get(id), payloads.get(id));
    boolean forced =
        entry.status().isSettled() && event.rerun() != null && event.rerun().rewritesSettled();
    boolean runsAgain = entry.status() == SyncStatus.FAILED || forced;
    if (runsAgain && !entry.heldAnotherPayloadThan(event.payloadHash())) {
      String actor = event.rerun() == null ? Transition.LANE_ACTOR : event.rerun().by();
      Transition again =
          new Transition(
              id,
              trail.size() + 1,
              entry.status(),
              SyncStatus.PROCESSING,
              0,
              actor,
              null,
              null,
              event.rerun() == null ? "running again" : event.rerun().describe(),
              null,
              0);
      trail.add(again);
      status.put(id, SyncStatus.PROCESSING);
      return new LedgerEntry(
          id, SyncStatus.PROCESSING, crmIds.get(id), again.seq(), hashes.get(id), payloads.get(id));
    }
    return entry;
  }

  @Override
  public synchronized Integer record(Transition t) {
    recordCalls++;
    List<Transition> trail = trails.get(t.processingId());
    Transition recorded = trail.stream().filter(s -> s.seq() == t.seq()).findFirst().orElse(null);
    int seq = t.seq();
    if (recorded != null && (recorded.from() != t.from() || recorded.to() != t.to())) {
      // A rewrite (see LedgerActivities#record): appended under the next free number.
      seq = trail.size() + 1;
      trail.add(
          new Transition(
              t.processingId(),
              seq,
              status.get(t.processingId()),
              t.to(),
              t.atMillis(),
              t.actor(),
              t.reason(),
              t.crmId(),
              "rewritten: step " + t.seq() + "; " + t.detail(),
              t.errorPayload(),
              t.crmWrites()));
      status.put(t.processingId(), t.to());
    } else if (recorded == null) {
      SyncStatus now = status.get(t.processingId());
      if (now != t.from() || !t.from().canMoveTo(t.to())) {
        throw ApplicationFailure.newNonRetryableFailure(
            now + " cannot move to " + t.to(), LanePolicies.ILLEGAL_TRANSITION);
      }
      trail.add(t);
      // A late redelivery or a note is kept in the trail; the event stays where it was.
      boolean moves = t.to() != SyncStatus.SKIPPED_DUPLICATE && !t.recordsANote();
      if (moves) {
        status.put(t.processingId(), t.to());
      }
      if (moves && t.crmId() != null) {
        crmIds.put(t.processingId(), t.crmId());
      }
    }
    if (answersToLose > 0) {
      answersToLose--;
      throw ApplicationFailure.newFailure("answer lost after commit", "LedgerUnavailable");
    }
    return seq;
  }

  @Override
  public synchronized Freshness freshProperties(
      String objectKey, OrderingKey key, Set<String> properties) {
    List<String> fresh = new ArrayList<>();
    List<PropertyVersion> stale = new ArrayList<>();
    for (String property : new TreeSet<>(properties)) {
      OrderingKey held = versions.get(objectKey + "/" + property);
      if (held != null && held.isNewerThan(key)) {
        stale.add(new PropertyVersion(objectKey, property, held, 0));
      } else {
        fresh.add(property);
      }
    }
    return new Freshness(fresh, stale);
  }

  @Override
  public synchronized List<String> recordWritten(
      String objectKey, OrderingKey key, Set<String> properties) {
    List<String> moved = new ArrayList<>();
    for (String property : new TreeSet<>(properties)) {
      OrderingKey held = versions.get(objectKey + "/" + property);
      if (held == null || key.isNewerThan(held)) {
        versions.put(objectKey + "/" + property, key);
        moved.add(property);
      }
    }
    return moved;
  }

  /** The ordering key recorded for the contact's property, or null. */
  synchronized OrderingKey version(String objectKey, String property) {
    return versions.get(objectKey + "/" + property);
  }

  synchronized List<Transition> trail(String processingId) {
    return List.copyOf(trails.getOrDefault(processingId, List.of()));
  }

  synchronized List<SyncStatus> statuses(String processingId) {
    return trail(processingId).stream().map(Transition::to).toList();
  }

  synchronized SyncStatus status(String processingId) {
    return status.get(processingId);
  }

  synchronized int recordCalls() {
    return recordCalls;
  }

  private static Transition step(String id, int seq, SyncStatus from, SyncStatus to) {
    return new Transition(id, seq, from, to, 0, Transition.LANE_ACTOR, null, null, null, null, 0);
  }
}
