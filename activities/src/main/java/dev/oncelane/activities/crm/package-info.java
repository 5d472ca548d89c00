/**
 * The CRM activities: {@link dev.oncelane.activities.crm.CrmActivitiesImpl} over the HubSpot
 * client, and how a failed call becomes a typed Temporal failure ({@link
 * dev.oncelane.activities.crm.CrmFailureClassifier}, {@link
 * dev.oncelane.activities.crm.ConflictIdParser}, {@link dev.oncelane.activities.crm.RetryDelays}).
 */
package dev.oncelane.activities.crm;
