/**
 * HubSpot's contacts API over HTTP: {@link dev.oncelane.activities.hubspot.HubSpotClient}, its
 * configuration, and HubSpot's error envelope and rate-limit headers read leniently. Knows nothing
 * of Temporal.
 */
package dev.oncelane.activities.hubspot;
