package dev.oncelane.activities.hubspot;

/**
 * A HubSpot call that did not give the lane what it asked for. Messages name the operation and what
 * HubSpot said; they never hold the token.
 */
public abstract sealed class HubSpotException extends RuntimeException
    permits HubSpotApiException, HubSpotTransportException {

  private final String operation;

  HubSpotException(String operation, String message, Throwable cause) {
    super(message, cause);
    this.operation = operation;
  }

  /** The client method that failed, e.g. {@code createContact}. */
  public String operation() {
    return operation;
  }
}
