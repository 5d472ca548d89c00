package dev.oncelane.relay.readiness;

/** Tells whether the lane can take events now; called by {@code GET /readyz}. */
@FunctionalInterface
public interface ReadinessCheck {

  /**
   * Checks now. Implementations bound their own calls (a few seconds) and never throw: a failure to
   * check is itself a reason not to be ready.
   */
  Readiness check();
}
