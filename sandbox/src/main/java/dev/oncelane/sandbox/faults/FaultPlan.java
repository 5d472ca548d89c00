package dev.oncelane.sandbox.faults;

/**
 * What the fault injector decided for one /crm request.
 *
 * @param latencyMs how long to wait before handling it
 * @param serverError answer 500 and do nothing
 * @param dropAfterCommit if the request is a successful write, apply it and lose the answer
 */
public record FaultPlan(int latencyMs, boolean serverError, boolean dropAfterCommit) {}
