package dev.oncelane.activities.hubspot;

/** HubSpot answered with an HTTP error status. */
public final class HubSpotApiException extends HubSpotException {

  private final int httpStatus;
  private final HubSpotError error;
  private final RateLimitHeaders rateLimits;

  public HubSpotApiException(
      String operation, int httpStatus, HubSpotError error, RateLimitHeaders rateLimits) {
    super(operation, describe(operation, httpStatus, error), null);
    this.httpStatus = httpStatus;
    this.error = error == null ? HubSpotError.empty() : error;
    this.rateLimits = rateLimits == null ? RateLimitHeaders.none() : rateLimits;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The parsed envelope; never null, its fields may be. */
  public HubSpotError error() {
    return error;
  }

  /** The answer's rate-limit headers; never null, its fields may be. */
  public RateLimitHeaders rateLimits() {
    return rateLimits;
  }

  private static String describe(String operation, int status, HubSpotError error) {
    StringBuilder s = new StringBuilder("HubSpot ").append(operation).append(" answered HTTP ");
    s.append(status);
    if (error != null) {
      if (error.category() != null) {
        s.append(' ').append(error.category());
      }
      if (error.bestMessage() != null) {
        s.append(": ").append(error.bestMessage());
      }
      if (error.correlationId() != null) {
        s.append(" (correlationId ").append(error.correlationId()).append(')');
      }
    }
    return s.toString();
  }
}
