package dev.oncelane.workflows.policy;

import dev.oncelane.workflows.crm.CrmFailures;
import dev.oncelane.workflows.imports.ImportActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Every retry and timeout policy of the lane, in one place. */
public final class LanePolicies {

  /** The ApplicationFailure type a ledger step off the status graph raises. */
  public static final String ILLEGAL_TRANSITION = "IllegalTransition";

  /**
   * CRM calls. One attempt is bounded by the HTTP client's own timeouts (well under this); attempts
   * are unlimited because a CRM outage or a bad token should pause the lane, not fail its events.
   * 429 and 401/403 set their own next delay from the activity.
   */
  public static final ActivityOptions CRM =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setDoNotRetry(
                      CrmFailures.CONFLICT, CrmFailures.VALIDATION, CrmFailures.NOT_FOUND)
                  .build())
          .build();

  /**
   * Ledger writes: short, idempotent, local to the worker. A failing database is retried for as
   * long as it takes; the workflow does not move on with an unrecorded step.
   */
  public static final LocalActivityOptions LEDGER =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofSeconds(10))
                  // Local activities treat 0 ("unlimited") as no retry (sdk-java #2254); about
                  // a day of attempts at the 10 s ceiling stands in for it.
                  .setMaximumAttempts(10_000)
                  .setDoNotRetry(ILLEGAL_TRANSITION)
                  .build())
          .build();

  /**
   * Asking a contact's lock (signal-with-start through the Temporal client): short, idempotent (the
   * lock ignores a repeated request), local. Retried like ledger writes: a Temporal outage pauses
   * the lane rather than letting an event write without the lock.
   */
  public static final LocalActivityOptions LOCK_REQUEST =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofSeconds(10))
                  // Local activities treat 0 ("unlimited") as no retry (sdk-java #2254).
                  .setMaximumAttempts(10_000)
                  .build())
          .build();

  /**
   * A CRM request permit of the budget workflow ({@code workflows/…/budget}). It returns within
   * about a second; 10 s bounds one that ran on a worker that died. Never retried: a lost permit is
   * budget not spent, and the workflow schedules the next one as soon as it ends. The task queue is
   * the budget's own, set where the stub is made.
   */
  public static final ActivityOptions CRM_BUDGET_PERMIT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  /**
   * The import workflow's feed ({@code workflows/…/imports}). One call runs about a minute and
   * heartbeats after every row it starts (and while it waits for room), so a dead worker is noticed
   * within the 30 s heartbeat timeout and the retry resumes from the last heartbeat. Retried for as
   * long as it takes: a Temporal or ledger outage pauses the import, it does not fail it; an import
   * the ledger does not have is not retried.
   */
  public static final ActivityOptions IMPORT_FEED =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(3))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setDoNotRetry(ImportActivities.UNKNOWN_IMPORT)
                  .build())
          .build();

  private LanePolicies() {}
}
