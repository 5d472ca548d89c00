package dev.oncelane.relay.http;

import dev.oncelane.relay.Ignored;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.admission.RelayOverloaded;
import dev.oncelane.relay.admission.StartAdmission;
import dev.oncelane.relay.metrics.RelayMetrics;
import dev.oncelane.relay.sources.Delivery;
import dev.oncelane.relay.sources.WebhookSource;
import dev.oncelane.relay.start.InputTooLarge;
import dev.oncelane.relay.start.LaneMisconfigured;
import dev.oncelane.relay.start.StartOutcome;
import dev.oncelane.relay.start.TemporalUnavailable;
import dev.oncelane.workflows.freshness.OrderingKey;
import dev.oncelane.workflows.sync.ContactEvent;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.temporal.client.WorkflowException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/<source>}: read the body, let the source verify and read it, start the
 * workflow, answer. Nothing is acknowledged (2xx) before Temporal has durably accepted the start or
 * named the existing run. The start runs under {@link StartAdmission}'s limits; a delivery it sheds
 * is answered {@code 503 relay_overloaded} with {@code Retry-After}, with nothing started.
 */
public final class WebhookEndpoint implements Handler {

  /** Seconds a sender is asked to wait when Temporal is unavailable. */
  public static final int RETRY_AFTER_SECONDS = 5;

  /** Seconds a sender is asked to wait while the lane is misconfigured (an operator must act). */
  public static final int MISCONFIGURED_RETRY_AFTER_SECONDS = 60;

  /**
   * How far ahead of the relay's clock an event's {@code occurredAt} may be. Newest wins by event
   * time, so a sender with a broken clock could otherwise pin a contact's values for ever.
   */
  public static final Duration MAX_OCCURRED_AT_AHEAD = Duration.ofHours(24);

  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);

  private final WebhookSource source;
  private final BodyReader bodyReader;
  private final StartAdmission admission;
  private final RelayMetrics metrics;
  private final Clock clock;

  /**
   * @param admission runs the starts; past its capacity a delivery is answered {@code 503
   *     relay_overloaded}
   * @param clock stamps each event's {@link ContactEvent#acceptedAt} and bounds its {@code
   *     occurredAt}
   */
  public WebhookEndpoint(
      WebhookSource source,
      long maxBodyBytes,
      StartAdmission admission,
      RelayMetrics metrics,
      Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.source = Objects.requireNonNull(source, "source");
    this.bodyReader = new BodyReader(maxBodyBytes);
    this.admission = Objects.requireNonNull(admission, "admission");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    metrics.registerSource(source.name());
  }

  /**
   * Reads, verifies and keys the delivery on the HTTP thread, then suspends the request while the
   * start runs under the admission's limits, so no HTTP thread ever waits for Temporal.
   */
  @Override
  public void handle(Context ctx) {
    long began = System.nanoTime();
    ContactEvent event;
    try {
      event = read(ctx);
    } catch (Ignored e) {
      // Acknowledged so the sender stops retrying; counted, and nothing is started.
      metrics.ignored(source.name());
      ProblemResponses.json(ctx, 200, Map.of("status", "ignored", "reason", e.reason()));
      record(ctx, "ignored", began);
      return;
    } catch (Rejection e) {
      ProblemResponses.problem(ctx, e.reason(), e.detail(), Map.of());
      record(ctx, e.reason().code(), began);
      return;
    }
    ctx.future(
        () ->
            admission
                .start(event)
                .handle(
                    (outcome, failure) -> {
                      String label =
                          failure == null
                              ? answerStart(ctx, outcome)
                              : answerRefusal(ctx, unwrap(failure));
                      record(ctx, label, began);
                      return label;
                    }));
  }

  private void record(Context ctx, String outcome, long began) {
    metrics.answered(
        source.name(), ctx.statusCode(), outcome, Duration.ofNanos(System.nanoTime() - began));
  }

  private ContactEvent read(Context ctx) {
    long acceptedAt = clock.millis();
    byte[] body = bodyReader.read(ctx);
    Delivery delivery = new Delivery(body, ctx::header, ctx.method().name(), requestUrl(ctx));
    ContactEvent event = source.read(delivery).toContactEvent(source.name());
    requireNotFarAhead(event.occurredAt(), acceptedAt);
    return event.withAcceptedAt(acceptedAt);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * Answers a start that did not happen and returns the outcome label for metrics.
   *
   * @throws RuntimeException the failure itself when no answer fits (a bug), for the relay's last
   *     resort handler
   */
  private String answerRefusal(Context ctx, Throwable failure) {
    if (failure instanceof RelayOverloaded e) {
      metrics.shed(source.name());
      ctx.header("Retry-After", Long.toString(e.retryAfter().getSeconds()));
      ProblemResponses.problem(
          ctx,
          RejectionReason.RELAY_OVERLOADED,
          e.getMessage() + "; retry the same delivery later",
          Map.of("retryAfterSeconds", e.retryAfter().getSeconds()));
      return RejectionReason.RELAY_OVERLOADED.code();
    }
    if (failure instanceof InputTooLarge e) {
      log.warn("{} delivery refused: {}", source.name(), e.getMessage());
      ProblemResponses.problem(
          ctx,
          RejectionReason.INPUT_TOO_LARGE,
          e.getMessage() + "; nothing was recorded, send smaller events",
          Map.of(
              "inputBytes", e.inputBytes(),
              "maxInputBytes", e.maxInputBytes(),
              "refusedBy", e.refusedBy().name().toLowerCase(Locale.ROOT)));
      return RejectionReason.INPUT_TOO_LARGE.code();
    }
    if (failure instanceof LaneMisconfigured e) {
      log.error(
          "{} delivery not accepted: {}; senders are told to retry until an operator fixes the"
              + " set-up (see GET /readyz)",
          source.name(),
          e.getMessage());
      ctx.header("Retry-After", Integer.toString(MISCONFIGURED_RETRY_AFTER_SECONDS));
      ProblemResponses.problem(
          ctx,
          RejectionReason.LANE_MISCONFIGURED,
          e.getMessage() + "; nothing was recorded, retry the same delivery later",
          Map.of());
      return RejectionReason.LANE_MISCONFIGURED.code();
    }
    if (failure instanceof TemporalUnavailable e) {
      log.warn("{} delivery not accepted: {}", source.name(), e.getMessage());
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      ProblemResponses.problem(
          ctx,
          RejectionReason.TEMPORAL_UNAVAILABLE,
          e.getMessage() + "; nothing was recorded, retry the same delivery later",
          Map.of());
      return RejectionReason.TEMPORAL_UNAVAILABLE.code();
    }
    if (failure instanceof WorkflowException e) {
      log.error("{} delivery refused by Temporal", source.name(), e);
      ProblemResponses.problem(
          ctx,
          RejectionReason.START_FAILED,
          "Temporal refused to start the workflow ("
              + e.getClass().getSimpleName()
              + "); nothing was recorded, see the relay log",
          Map.of());
      return RejectionReason.START_FAILED.code();
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    throw new IllegalStateException("starting the workflow failed", failure);
  }

  private static String requestUrl(Context ctx) {
    String query = ctx.queryString();
    return ctx.url() + (query == null || query.isEmpty() ? "" : "?" + query);
  }

  private static void requireNotFarAhead(String occurredAt, long acceptedAt) {
    Long eventTime = OrderingKey.parseOccurredAt(occurredAt);
    if (eventTime != null && eventTime - acceptedAt > MAX_OCCURRED_AT_AHEAD.toMillis()) {
      throw new Rejection(
          RejectionReason.INVALID_EVENT,
          "occurredAt "
              + occurredAt
              + " is more than 24 h ahead of the relay's clock ("
              + Instant.ofEpochMilli(acceptedAt)
              + "); check the sender's clock");
    }
  }

  private String answerStart(Context ctx, StartOutcome outcome) {
    if (outcome instanceof StartOutcome.Accepted accepted) {
      ProblemResponses.json(
          ctx,
          202,
          Map.of(
              "status", "accepted",
              "workflowId", accepted.workflowId(),
              "runId", accepted.runId()));
      return "accepted";
    }
    if (outcome instanceof StartOutcome.Duplicate duplicate) {
      metrics.duplicate(source.name());
      ProblemResponses.json(
          ctx,
          200,
          Map.of(
              "status", "duplicate",
              "workflowId", duplicate.workflowId(),
              "runId", duplicate.runId(),
              "state", duplicate.state()));
      return "duplicate";
    }
    StartOutcome.PayloadMismatch mismatch = (StartOutcome.PayloadMismatch) outcome;
    metrics.payloadMismatch(source.name());
    log.warn("{}: known key delivered with a different payload", mismatch.workflowId());
    ProblemResponses.problem(
        ctx,
        RejectionReason.PAYLOAD_MISMATCH,
        "An event with this key was already accepted with different content; send changes under"
            + " a new key",
        Map.of(
            "workflowId", mismatch.workflowId(),
            "runId", mismatch.runId(),
            "state", mismatch.state()));
    return RejectionReason.PAYLOAD_MISMATCH.code();
  }
}
