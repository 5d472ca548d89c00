package dev.oncelane.workflows.lock;

/**
 * A workflow asking for a contact's lock.
 *
 * @param holderWorkflowId the asking workflow's id, e.g. {@code generic:evt-1}
 * @param holderRunId its run id, so the grant reaches this run and not a later one
 * @param requestId unique per acquisition, {@code <workflow id>@<run start, epoch ms>/<n>}: the
 *     same when a workflow task is retried or replayed: repeating a request (the activity that
 *     sends it runs at least once) keeps its place instead of queueing it twice
 */
public record LockRequest(String holderWorkflowId, String holderRunId, String requestId) {}
