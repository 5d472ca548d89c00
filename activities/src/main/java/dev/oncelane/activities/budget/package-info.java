/**
 * The worker's side of the shared CRM budget: the permit activity ({@link
 * dev.oncelane.activities.budget.CrmBudgetActivitiesImpl}) hands the requests of a permit the
 * server dispatched to this worker to its CRM batcher through a {@link
 * dev.oncelane.activities.budget.PermitExchange}.
 */
package dev.oncelane.activities.budget;
