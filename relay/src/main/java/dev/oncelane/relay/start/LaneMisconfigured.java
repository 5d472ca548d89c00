package dev.oncelane.relay.start;

/**
 * Temporal refused the start because the lane is not set up right: the namespace does not exist,
 * the credentials are refused or lack permission, a search attribute is not registered, or the
 * server lacks a feature the lane uses. Nothing was recorded. The event itself is fine, so the
 * sender is told to retry later (503) while an operator fixes the set-up.
 */
public final class LaneMisconfigured extends StartRefused {

  public LaneMisconfigured(String message, Throwable cause) {
    super(message, cause);
  }
}
