/**
 * One CRM request budget for every worker process, enforced by Temporal: a long-running workflow
 * ({@link dev.oncelane.workflows.budget.CrmBudgetWorkflow}) keeps a few request permits outstanding
 * as activity tasks on their own task queue, which every worker polls with the server-side rate
 * limit {@code WorkerOptions.setMaxTaskQueueActivitiesPerSecond}; a permit is worth a few requests
 * used within a short validity ({@link dev.oncelane.workflows.budget.CrmBudgetPlan} derives the
 * rate from HubSpot's ten-secondly limit).
 */
package dev.oncelane.workflows.budget;
