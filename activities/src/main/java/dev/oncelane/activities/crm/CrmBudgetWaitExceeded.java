package dev.oncelane.activities.crm;

import java.time.Duration;

/**
 * A CRM request that the shared request budget did not let out in time: it waited {@code waited}
 * without being sent, so nothing reached the CRM. The activity fails as rate limited (retryable),
 * well before its start-to-close timeout, and Temporal runs it again later.
 */
public final class CrmBudgetWaitExceeded extends RuntimeException {

  public CrmBudgetWaitExceeded(String operation, Duration waited) {
    super(
        "CRM request "
            + operation
            + " was not sent: the shared CRM request budget gave no request within "
            + waited.toMillis()
            + " ms");
  }
}
