package dev.oncelane.activities.hubspot;

/**
 * A HubSpot call that got no usable answer: connect or read timeout, connection refused or reset,
 * an answer cut short, or a success whose body could not be read. Whether the CRM applied a write
 * is unknown.
 */
public final class HubSpotTransportException extends HubSpotException {

  public HubSpotTransportException(String operation, String what, Throwable cause) {
    super(operation, "HubSpot " + operation + " got no usable answer: " + what, cause);
  }
}
