/**
 * The state ledger: what happened to every event, kept beyond Temporal's retention.
 *
 * <p>{@code sync_ledger} holds one row per processing id with the event's current {@link
 * dev.oncelane.workflows.ledger.SyncStatus}; {@code sync_transitions} holds its append-only trail,
 * numbered by the workflow. Writes are idempotent per {@code (processing_id, seq)} because
 * activities run at least once. The SQL runs unchanged on SQLite (the default) and PostgreSQL.
 */
package dev.oncelane.activities.ledger;
