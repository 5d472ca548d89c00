package dev.oncelane.workers.operator;

import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.relay.start.WorkflowStarter;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.Rerun;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Starts a new run of an event the ledger knows, under its own workflow id: what {@code oncelane
 * rerun} does for one event and {@code oncelane replay} for many.
 *
 * <p>The input is the last run's, read from its history; beyond Temporal's retention, the canonical
 * event the ledger keeps (its payload and hash), stamped with the accept time the ledger kept so
 * newest wins places it where it was, not at the rerun's time. The run starts with reuse policy
 * {@code ALLOW_DUPLICATE} (the ledger, not Temporal, says whether the event may run again; a
 * running run is refused by Temporal's default conflict policy) and the payload hash in the memo,
 * as the relay starts it.
 */
final class EventRerunner {

  private final WorkflowClient client;

  EventRerunner(WorkflowClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** The state of the event's last run; empty when Temporal does not know the id (retention). */
  Optional<WorkflowExecutionStatus> lastRunStatus(String processingId) {
    try {
      return Optional.of(client.newUntypedWorkflowStub(processingId).describe().getStatus());
    } catch (WorkflowNotFoundException beyondRetention) {
      return Optional.empty();
    }
  }

  /**
   * The event as it last ran, without any earlier operator's rerun note: from the last run's
   * history when {@code temporalKnowsIt}, else (or when the history is gone meanwhile) from the
   * ledger's stored event. A last run that was a backfill carried only some properties: the whole
   * event is then taken from the ledger, when it keeps it. Null when neither has the event.
   */
  ContactEvent lastInput(LedgerRow row, boolean temporalKnowsIt) {
    if (!temporalKnowsIt) {
      return fromLedger(row);
    }
    try {
      HistoryEvent first = client.fetchHistory(row.processingId()).getEvents().get(0);
      Payloads input = first.getWorkflowExecutionStartedEventAttributes().getInput();
      ContactEvent event =
          client
              .getOptions()
              .getDataConverter()
              .fromPayloads(0, Optional.of(input), ContactEvent.class, ContactEvent.class);
      boolean partial = event.rerun() != null && event.rerun().properties() != null;
      if (partial && row.payload() != null) {
        event = withProperties(event, row.payload().properties());
      }
      // A rerun of a rerun starts from the event, not from the earlier operator's note.
      return event.withRerun(null);
    } catch (WorkflowNotFoundException | IndexOutOfBoundsException beyondRetention) {
      return fromLedger(row);
    }
  }

  /**
   * The ledger's stored event, accepted when its first delivery was (the relay's accept time, or an
   * imported row's submit time plus its line), so newest wins places it where it was; for rows
   * written before the ledger kept that time, when the ledger first saw the event. Null when the
   * row keeps no payload.
   */
  static ContactEvent fromLedger(LedgerRow row) {
    if (row.payload() == null) {
      return null;
    }
    return new ContactEvent(
            row.processingId(),
            row.payload().source(),
            row.payload().email(),
            row.payload().properties(),
            row.payload().occurredAt(),
            row.payloadHash())
        .withAcceptedAt(
            row.acceptedAtMillis() != null ? row.acceptedAtMillis() : row.createdAtMillis());
  }

  /**
   * {@code event} keeping only the properties named in {@code names} (the email, its key, always
   * stays): a backfill's input. Its payload hash stays the event's, so the ledger knows it.
   */
  static ContactEvent onlyProperties(ContactEvent event, Collection<String> names) {
    Map<String, String> kept = new TreeMap<>(event.properties());
    kept.keySet().retainAll(Set.copyOf(names));
    return withProperties(event, kept);
  }

  private static ContactEvent withProperties(ContactEvent event, Map<String, String> properties) {
    return new ContactEvent(
        event.processingId(),
        event.source(),
        event.email(),
        properties,
        event.occurredAt(),
        event.payloadHash(),
        event.rerun(),
        event.acceptedAt());
  }

  /**
   * Starts {@code event} (which carries the operator's {@link Rerun}) as a new run of its id.
   *
   * @throws io.temporal.client.WorkflowExecutionAlreadyStarted when a run of the id is running
   * @throws io.temporal.client.WorkflowServiceException when Temporal refuses or fails the start
   */
  WorkflowExecution start(ContactEvent event) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(event.processingId())
            .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
            // The ledger decides whether the event runs again: even a run Temporal saw complete (an
            // expired review, a forced rerun of a completed event) may go again.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setMemo(
                event.payloadHash() == null
                    ? Map.of()
                    : Map.of(WorkflowStarter.PAYLOAD_HASH_MEMO, event.payloadHash()))
            .build();
    ContactSyncWorkflow stub = client.newWorkflowStub(ContactSyncWorkflow.class, options);
    return WorkflowClient.start(stub::sync, event);
  }
}
