package dev.oncelane.workers.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.SyncStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

  private static final Optional<WorkflowExecutionStatus> FORGOTTEN = Optional.empty();
  private static final Optional<WorkflowExecutionStatus> RUNNING =
      Optional.of(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  private static final Optional<WorkflowExecutionStatus> COMPLETED_RUN =
      Optional.of(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  private static final Optional<WorkflowExecutionStatus> TERMINATED =
      Optional.of(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);

  @Test
  void aFailedEventRunsAgain() {
    ReplayPlan plan = ReplayPlan.decide(row(SyncStatus.FAILED), FORGOTTEN, false, List.of());

    assertTrue(plan.reruns(), plan.toString());
  }

  @Test
  void aSettledEventWithoutForceIsSkippedAndTheOperatorIsToldHowToRunIt() {
    ReplayPlan plan = ReplayPlan.decide(row(SyncStatus.COMPLETED), COMPLETED_RUN, false, List.of());

    assertEquals(ReplayPlan.Skip.SETTLED, plan.skip());
    assertEquals("completed: settled; --force (or --properties) runs it again", plan.detail());
  }

  @Test
  void everySettledStatusRunsAgainWithForce() {
    for (SyncStatus settled :
        List.of(
            SyncStatus.COMPLETED,
            SyncStatus.RESOLVED_AFTER_409,
            SyncStatus.DISCARDED,
            SyncStatus.SKIPPED_STALE)) {
      assertTrue(
          ReplayPlan.decide(row(settled), FORGOTTEN, true, List.of()).reruns(), settled.code());
    }
  }

  @Test
  void aBackfillRunsASettledEventAgainOnlyWhenTheEventHasANamedProperty() {
    assertTrue(
        ReplayPlan.decide(row(SyncStatus.COMPLETED), FORGOTTEN, false, List.of("lastname", "x"))
            .reruns());

    ReplayPlan none =
        ReplayPlan.decide(row(SyncStatus.COMPLETED), FORGOTTEN, false, List.of("phone"));

    assertEquals(ReplayPlan.Skip.NO_NAMED_PROPERTY, none.skip());
    assertEquals("the event has none of the properties phone", none.detail());
  }

  @Test
  void anEventTheLedgerShowsUnsettledIsNeverTouchedEvenWithForce() {
    for (SyncStatus unsettled :
        List.of(SyncStatus.RECEIVED, SyncStatus.PROCESSING, SyncStatus.MANUAL_REVIEW)) {
      ReplayPlan plan = ReplayPlan.decide(row(unsettled), RUNNING, true, List.of("firstname"));
      assertEquals(ReplayPlan.Skip.RUNNING, plan.skip(), unsettled.code());
      assertEquals(unsettled.code() + ": still running", plan.detail());
    }
  }

  @Test
  void anUnsettledEventWhoseRunClosedPointsToRerun() {
    ReplayPlan plan = ReplayPlan.decide(row(SyncStatus.PROCESSING), TERMINATED, true, List.of());

    assertEquals(ReplayPlan.Skip.RUNNING, plan.skip());
    assertEquals(
        "processing, but its last run is terminated: ./oncelane rerun generic:e1 starts it again",
        plan.detail());
  }

  @Test
  void aFailedEventWhoseRunIsStillRunningIsSkipped() {
    ReplayPlan plan = ReplayPlan.decide(row(SyncStatus.FAILED), RUNNING, false, List.of());

    assertEquals(ReplayPlan.Skip.RUNNING, plan.skip());
  }

  @Test
  void anEventBeyondRetentionWithoutAStoredPayloadIsSkippedForWantOfInput() {
    LedgerRow bare = withoutPayload(row(SyncStatus.FAILED));

    assertEquals(
        ReplayPlan.Skip.NO_INPUT, ReplayPlan.decide(bare, FORGOTTEN, false, List.of()).skip());
    assertTrue(ReplayPlan.decide(bare, COMPLETED_RUN, false, List.of()).reruns());
  }

  @Test
  void theSummaryCountsRerunsAndSkipsByReason() {
    List<ReplayPlan> plans =
        List.of(
            ReplayPlan.decide(row(SyncStatus.FAILED), FORGOTTEN, false, List.of()),
            ReplayPlan.decide(row(SyncStatus.COMPLETED), FORGOTTEN, false, List.of()),
            ReplayPlan.decide(row(SyncStatus.PROCESSING), RUNNING, false, List.of()),
            ReplayPlan.decide(row(SyncStatus.DISCARDED), FORGOTTEN, false, List.of()),
            ReplayPlan.notInLedger("generic:nope"));

    assertEquals(
        "rerun 1, skipped 4 (settled without --force 2, running 1, not in the ledger 1)",
        ReplayCommand.summary(plans));
  }

  private static LedgerRow row(SyncStatus status) {
    return new LedgerRow(
        "generic:e1",
        "generic",
        "contact",
        "ada@example.com",
        status,
        null,
        null,
        null,
        0,
        "h",
        1L,
        1L,
        new EventPayload(
            "generic", "ada@example.com", Map.of("firstname", "Ada", "lastname", "L"), null),
        1L);
  }

  private static LedgerRow withoutPayload(LedgerRow row) {
    return new LedgerRow(
        row.processingId(),
        row.source(),
        row.objectType(),
        row.objectKey(),
        row.status(),
        row.crmId(),
        row.reason(),
        row.errorPayload(),
        row.attempts(),
        row.payloadHash(),
        row.createdAtMillis(),
        row.updatedAtMillis(),
        null,
        row.acceptedAtMillis());
  }
}
