package dev.oncelane.activities.hubspot;

/**
 * Hears about every HTTP call the {@link HubSpotClient} makes, e.g. to count CRM requests by
 * operation and status. Called on the calling thread after each call; it must be quick and must not
 * throw.
 */
@FunctionalInterface
public interface CrmCallListener {

  /** Status passed for a call that got no HTTP answer (timeout, connection refused or reset). */
  int NO_ANSWER = -1;

  /** Ignores every call. */
  CrmCallListener NONE = (operation, httpStatus, nanos) -> {};

  /**
   * @param operation the client method, e.g. {@code createContact}
   * @param httpStatus the answer's status, or {@link #NO_ANSWER}
   * @param nanos how long the call took
   */
  void onCall(String operation, int httpStatus, long nanos);
}
