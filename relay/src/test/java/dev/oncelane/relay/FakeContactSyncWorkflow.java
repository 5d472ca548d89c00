package dev.oncelane.relay;

import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.SyncResult;
import dev.oncelane.workflows.sync.SyncState;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.unsafe.WorkflowUnsafe;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the real workflow: records every event it is started with and completes, or, when
 * the event has a {@code hold} property, waits for the decide signal first, so a test can deliver
 * while the run is still going; with a {@code fail} property, the run fails.
 */
public class FakeContactSyncWorkflow implements ContactSyncWorkflow {

  /** Events received, by processing id. */
  static final Map<String, List<ContactEvent>> RECEIVED = new ConcurrentHashMap<>();

  private boolean released;

  static List<ContactEvent> received(String processingId) {
    return RECEIVED.getOrDefault(processingId, List.of());
  }

  @Override
  public SyncResult sync(ContactEvent event) {
    if (!WorkflowUnsafe.isReplaying()) {
      RECEIVED.computeIfAbsent(event.processingId(), id -> new CopyOnWriteArrayList<>()).add(event);
    }
    if (event.properties().containsKey("fail")) {
      throw ApplicationFailure.newNonRetryableFailure("told to fail", "FakeFailure");
    }
    if (event.properties().containsKey("hold")) {
      Workflow.await(() -> released);
    }
    return new SyncResult(event.processingId(), SyncStatus.COMPLETED, "1", null, "fake");
  }

  @Override
  public SyncResult decide(ReviewDecision decision) {
    released = true;
    return null;
  }

  @Override
  public void validateDecision(ReviewDecision decision) {}

  @Override
  public void decideSignal(ReviewDecision decision) {
    released = true;
  }

  @Override
  public SyncState state() {
    return null;
  }
}
