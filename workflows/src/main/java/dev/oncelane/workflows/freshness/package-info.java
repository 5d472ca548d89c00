/**
 * Newest wins: the ordering key of an event and what the ledger says about each property's last
 * written value. The workflow asks the ledger which of an event's properties it is the newest for,
 * writes only those and records them.
 */
package dev.oncelane.workflows.freshness;
