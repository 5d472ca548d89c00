/**
 * What the relay's {@code GET /readyz} answers: whether the lane can take events now. The relay
 * asks a {@link dev.oncelane.relay.readiness.ReadinessCheck}; the {@code oncelane} process hands it
 * the namespace check the worker also runs at start.
 */
package dev.oncelane.relay.readiness;
