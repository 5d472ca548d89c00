package dev.oncelane.workflows.crm;

/**
 * What a {@link CrmFailures#CONFLICT} carries: the CRM's answer to a create whose key already
 * exists.
 *
 * @param existingId the existing record's id, when the answer names it, else null
 * @param message the CRM's message, kept for people
 * @param correlationId the CRM's correlation id, for its support
 */
public record ConflictDetails(String existingId, String message, String correlationId) {}
