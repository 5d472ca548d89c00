package dev.oncelane.activities.crm;

import dev.oncelane.activities.hubspot.HubSpotApiException;
import dev.oncelane.activities.hubspot.HubSpotError;
import dev.oncelane.activities.hubspot.HubSpotException;
import dev.oncelane.workflows.crm.ConflictDetails;
import dev.oncelane.workflows.crm.CrmFailures;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed HubSpot call into the {@link ApplicationFailure} the workflow and the retry policy
 * act on (the design's "Failure classes"):
 *
 * <table>
 *   <caption>HubSpot answer → failure type</caption>
 *   <tr><th>answer</th><th>type</th><th>retried</th><th>next delay</th></tr>
 *   <tr><td>409 on create</td><td>{@code CrmConflict}, details {@link ConflictDetails}</td>
 *       <td>no</td><td></td></tr>
 *   <tr><td>400, 422; 409 on update</td><td>{@code CrmValidation}, the CRM's message</td>
 *       <td>no</td><td></td></tr>
 *   <tr><td>404 on update</td><td>{@code CrmNotFound}</td><td>no</td><td></td></tr>
 *   <tr><td>429</td><td>{@code CrmRateLimited}, category BENIGN</td><td>yes</td>
 *       <td>{@link RetryDelays#rateLimited}</td></tr>
 *   <tr><td>401, 403</td><td>{@code CrmAuth}, logged at WARN</td><td>yes</td>
 *       <td>{@link RetryDelays#auth}</td></tr>
 *   <tr><td>5xx, 423, 477, no usable answer</td><td>{@code CrmUnavailable}</td><td>yes</td>
 *       <td>{@link RetryDelays#unavailable}, else the policy's backoff</td></tr>
 *   <tr><td>any other status (e.g. 404 on create: a wrong base URL)</td>
 *       <td>{@code CrmUnavailable}, logged at WARN</td><td>yes</td><td>as above</td></tr>
 *   <tr><td>no answer because the shared request budget gave no request in time ({@link
 *       CrmBudgetWaitExceeded}: nothing was sent)</td><td>{@code CrmRateLimited}, category
 *       BENIGN</td><td>yes</td><td>{@link RetryDelays#budgetWait}</td></tr>
 * </table>
 *
 * <p>A row of a batch call is classified exactly as the single call it stands for: a row's own
 * error in a 207 answer arrives here as that call's status (CONFLICT 409, VALIDATION_ERROR 400,
 * OBJECT_NOT_FOUND 404), and a failure of the whole batch (5xx, 429, no answer) as every row's.
 *
 * <p>404 on a read is not a failure: the client answers it as "no such contact".
 *
 * <p>Failure messages and log lines have email addresses masked ({@link PersonalData}): the SDK
 * logs failure messages where no payload codec reaches. {@link ConflictDetails} keeps the CRM's
 * message whole, since details are payloads and encrypted.
 */
public final class CrmFailureClassifier {

  private static final Logger log = LoggerFactory.getLogger(CrmFailureClassifier.class);

  private CrmFailureClassifier() {}

  /**
   * @param operation what the call was for
   * @param failure what the client threw
   * @param attempt the activity attempt, from 1
   */
  public static ApplicationFailure classify(
      CrmOperation operation, HubSpotException failure, int attempt) {
    if (!(failure instanceof HubSpotApiException answer)) {
      return retryable(CrmFailures.UNAVAILABLE, failure.getMessage(), null, failure);
    }
    int status = answer.httpStatus();
    HubSpotError error = answer.error();
    if (status == 409 && operation == CrmOperation.CREATE) {
      ConflictDetails details =
          new ConflictDetails(
              ConflictIdParser.existingId(error), crmMessage(answer), error.correlationId());
      return nonRetryable(CrmFailures.CONFLICT, crmMessage(answer), details);
    }
    if (status == 400 || status == 422 || status == 409) {
      // 409 on update: the new email belongs to another contact; only a person can settle that.
      return nonRetryable(CrmFailures.VALIDATION, crmMessage(answer), null);
    }
    if (status == 404 && operation == CrmOperation.UPDATE) {
      return nonRetryable(CrmFailures.NOT_FOUND, crmMessage(answer), null);
    }
    if (status == 429) {
      Duration delay = RetryDelays.rateLimited(answer.rateLimits(), error.isDailyLimit(), attempt);
      log.info("HubSpot rate limit on {}: retrying in {}", answer.operation(), delay);
      return ApplicationFailure.newBuilder()
          .setType(CrmFailures.RATE_LIMITED)
          .setMessage(PersonalData.maskEmails(answer.getMessage()))
          .setNextRetryDelay(delay)
          // BENIGN: Temporal logs it at DEBUG and counts no failure; waiting out a limit is normal.
          .setCategory(ApplicationErrorCategory.BENIGN)
          .build();
    }
    if (status == 401 || status == 403) {
      Duration delay = RetryDelays.auth(attempt);
      log.warn(
          "HubSpot REFUSED THE TOKEN ({}); the CRM lane is paused, attempt {} retries in {}."
              + " Check HUBSPOT_TOKEN and the private app's scopes.",
          PersonalData.maskEmails(answer.getMessage()),
          attempt,
          delay);
      return retryable(CrmFailures.AUTH, answer.getMessage(), delay, null);
    }
    if (!(status >= 500 || status == 423 || status == 477)) {
      log.warn(
          "Unexpected HubSpot answer, retrying as unavailable: {}",
          PersonalData.maskEmails(answer.getMessage()));
    }
    return retryable(
        CrmFailures.UNAVAILABLE,
        answer.getMessage(),
        RetryDelays.unavailable(status, answer.rateLimits()),
        null);
  }

  /**
   * A request the shared CRM budget held back past its wait bound: rate limited, retried soon.
   *
   * @param attempt the activity attempt, from 1
   */
  public static ApplicationFailure budgetWaitExceeded(CrmBudgetWaitExceeded waited, int attempt) {
    return ApplicationFailure.newBuilder()
        .setType(CrmFailures.RATE_LIMITED)
        .setMessage(waited.getMessage())
        .setNextRetryDelay(RetryDelays.budgetWait(attempt))
        .setCategory(ApplicationErrorCategory.BENIGN)
        .build();
  }

  private static String crmMessage(HubSpotApiException answer) {
    String message = answer.error().bestMessage();
    return message != null ? message : answer.getMessage();
  }

  private static ApplicationFailure nonRetryable(String type, String message, Object details) {
    ApplicationFailure.Builder b =
        ApplicationFailure.newBuilder()
            .setType(type)
            .setMessage(PersonalData.maskEmails(message))
            .setNonRetryable(true);
    if (details != null) {
      b.setDetails(details);
    }
    return b.build();
  }

  private static ApplicationFailure retryable(
      String type, String message, Duration nextDelay, Throwable cause) {
    ApplicationFailure.Builder b =
        ApplicationFailure.newBuilder().setType(type).setMessage(PersonalData.maskEmails(message));
    if (nextDelay != null) {
      b.setNextRetryDelay(nextDelay);
    }
    if (cause != null) {
      b.setCause(cause);
    }
    return b.build();
  }
}
