package dev.oncelane.workflows.sync;

import static dev.oncelane.workflows.ledger.SyncStatus.COMPLETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.oncelane.workflows.lock.ContactLockIds;
import dev.oncelane.workflows.lock.ContactLockWorkflowImpl;
import dev.oncelane.workflows.policy.LaneOrdering;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.visibility.LaneSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The benchmark's "before" lane ({@link LaneOrdering#LAST_WRITER_WINS}): no contact lock, no
 * freshness, so a late older event overwrites the newer value, as before issue #10.
 */
class WithoutNewestWinsTest {

  private static final String TASK_QUEUE = "without-newest-wins";
  private static final String EMAIL = "ada@example.com";

  private final FakeCrm crm = new FakeCrm();
  private final InMemoryLedger ledger = new InMemoryLedger();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    for (var attribute :
        new io.temporal.common.SearchAttributeKey<?>[] {
          LaneSearchAttributes.STATUS, LaneSearchAttributes.REASON, LaneSearchAttributes.SOURCE
        }) {
      env.registerSearchAttribute(attribute.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    client = env.getWorkflowClient();
    Worker worker = env.newWorker(TASK_QUEUE);
    LaneSettings settings = LaneSettings.defaults().withOrdering(LaneOrdering.LAST_WRITER_WINS);
    worker.registerWorkflowImplementationFactory(
        ContactSyncWorkflow.class, () -> new ContactSyncWorkflowImpl(settings));
    worker.registerWorkflowImplementationTypes(ContactLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(crm, ledger, new LockRequests(client));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aLateOlderEventOverwritesTheNewerValueAndNoLockOrFreshnessIsUsed() {
    SyncResult newer = run(event("generic:evt-9", "2026-11-30T10:00:00Z", "NEW"));
    SyncResult older = run(event("generic:evt-1", "2026-11-30T09:00:00Z", "OLD"));

    assertEquals(COMPLETED, older.status());
    assertEquals("OLD", crm.contact(newer.crmId()).properties().get("firstname"));
    assertNull(ledger.version(EMAIL, "firstname"), "no freshness recorded");
    Executable lockHistory = () -> client.fetchHistory(ContactLockIds.forEmail(EMAIL));
    StatusRuntimeException notFound =
        assertThrows(StatusRuntimeException.class, lockHistory, "no lock workflow ran");
    assertEquals(Status.Code.NOT_FOUND, notFound.getStatus().getCode());
  }

  private SyncResult run(ContactEvent event) {
    ContactSyncWorkflow workflow =
        client.newWorkflowStub(
            ContactSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(event.processingId())
                .setTaskQueue(TASK_QUEUE)
                .build());
    return workflow.sync(event);
  }

  private static ContactEvent event(String id, String occurredAt, String firstname) {
    return new ContactEvent(
            id, "generic", EMAIL, Map.of("firstname", firstname), occurredAt, "hash-" + id)
        .withAcceptedAt(Instant.parse("2026-11-30T11:00:00Z").toEpochMilli());
  }
}
