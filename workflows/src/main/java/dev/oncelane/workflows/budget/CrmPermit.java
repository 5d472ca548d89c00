package dev.oncelane.workflows.budget;

/**
 * One request permit, as the budget workflow hands it to an activity.
 *
 * @param requests the most HTTP requests it lets the worker send, e.g. 5
 * @param validMillis how long after the permit activity starts its requests may be sent (ms)
 * @param idleWaitMillis how long the permit waits for the worker to want a request before it
 *     returns with what it has handed out (ms)
 */
public record CrmPermit(int requests, long validMillis, long idleWaitMillis) {}
