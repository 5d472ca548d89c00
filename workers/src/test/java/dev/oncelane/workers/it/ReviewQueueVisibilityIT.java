package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.SyncResult;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The review queue as the Web UI and {@code temporal workflow list} find it: a visibility query on
 * the {@code OncelaneStatus} search attribute, which only the real server answers.
 */
class ReviewQueueVisibilityIT extends RealServerTest {

  private static final String REVIEW_QUEUE = "OncelaneStatus=\"manual_review\"";
  // The hidden contact's 409 is re-looked-up on 2 s, 4 s and 8 s durable timers first.
  private static final Duration PARKS = Duration.ofSeconds(90);
  // Visibility is eventually consistent: a query may lag the transition that changed it.
  private static final Duration VISIBLE = Duration.ofSeconds(60);

  @BeforeEach
  void start() throws Exception {
    temporal = RealTemporal.start(dataDir.resolve("temporal"));
    lane =
        RealServerLane.start(
            dataDir, temporal.address(), FaultConfig.none(), RealServerLane.Worker.IN_PROCESS);
  }

  @Test
  void theQueryFindsExactlyTheEventsInReviewAndDropsOneOnceResolved() throws Exception {
    WebhookSender sender = lane.sender();
    lane.hideContact("hidden@example.com");
    assertEquals(
        202, sender.deliver("rq-ok", WebhookSender.event("ok@example.com", Map.of())).status());
    assertEquals(
        202, sender.deliver("rq-invalid", WebhookSender.event("not-an-email", Map.of())).status());
    assertEquals(
        202,
        sender.deliver("rq-hidden", WebhookSender.event("hidden@example.com", Map.of())).status());

    assertEquals(SyncStatus.COMPLETED, lane.awaitSettled("generic:rq-ok", PARKS).status());
    awaitReview("generic:rq-invalid", ReviewReason.VALIDATION_ERROR);
    awaitReview("generic:rq-hidden", ReviewReason.UNRESOLVED_CONFLICT);

    awaitQuery(REVIEW_QUEUE, Set.of("generic:rq-invalid", "generic:rq-hidden"));
    awaitQuery(
        REVIEW_QUEUE + " AND OncelaneReason=\"validation_error\"", Set.of("generic:rq-invalid"));

    SyncResult decided =
        lane.client()
            .newWorkflowStub(ContactSyncWorkflow.class, "generic:rq-invalid")
            .decide(ReviewDecision.discard("not a person", "review-it", "integration test"));
    assertEquals(SyncStatus.DISCARDED, decided.status());

    awaitQuery(REVIEW_QUEUE, Set.of("generic:rq-hidden"));
    awaitQuery("OncelaneStatus=\"discarded\"", Set.of("generic:rq-invalid"));
  }

  private void awaitReview(String processingId, ReviewReason reason) {
    Deadlines.awaitTrue(
        processingId + " parking in manual review",
        PARKS,
        () ->
            lane.ledger()
                .find(processingId)
                .filter(r -> r.status() == SyncStatus.MANUAL_REVIEW)
                .filter(r -> reason.code().equals(r.reason()))
                .isPresent(),
        () -> String.valueOf(lane.ledger().find(processingId).orElse(null)));
  }

  private void awaitQuery(String query, Set<String> expected) {
    Deadlines.await(
        "visibility query " + query + " answering " + expected,
        VISIBLE,
        () -> Optional.of(matches(query)).filter(expected::equals),
        () -> matches(query).toString());
  }

  private Set<String> matches(String query) {
    return lane.client()
        .listExecutions(query)
        .map(WorkflowExecutionMetadata::getExecution)
        .map(execution -> execution.getWorkflowId())
        .collect(Collectors.toSet());
  }
}
