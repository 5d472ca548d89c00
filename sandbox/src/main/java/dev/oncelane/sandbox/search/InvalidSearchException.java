package dev.oncelane.sandbox.search;

/** A search request HubSpot would refuse with 400 VALIDATION_ERROR. */
public final class InvalidSearchException extends RuntimeException {

  public InvalidSearchException(String message) {
    super(message);
  }
}
