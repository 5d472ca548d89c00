package dev.oncelane.sandbox.contacts;

/**
 * Why one property value was refused, in the terms of HubSpot's validation errors.
 *
 * @param name the property
 * @param message a human-readable reason, e.g. "Email address foo is invalid"
 * @param error HubSpot's error code: INVALID_EMAIL, PROPERTY_DOESNT_EXIST or READ_ONLY_VALUE
 */
public record PropertyProblem(String name, String message, String error) {}
