/**
 * Admission control in front of Temporal: how many workflow starts the relay runs at once, how many
 * may wait for one, and what a delivery past that is told ({@link
 * dev.oncelane.relay.admission.RelayOverloaded}: {@code 503 relay_overloaded} with {@code
 * Retry-After}). Concurrent deliveries of one event share one start, so a burst of duplicates never
 * takes capacity from new events, nor sheds itself.
 */
package dev.oncelane.relay.admission;
