package dev.oncelane.workflows.lock;

/**
 * The lock's answer to a {@link LockRequest}: the asker holds the contact now.
 *
 * @param lockWorkflowId the lock workflow's id, {@code contact-lock:<sha-256 hex>}
 * @param requestId the granted request
 * @param leaseExpiresAtMillis when the lock moves on even without a release, epoch milliseconds
 */
public record LockGrant(String lockWorkflowId, String requestId, long leaseExpiresAtMillis) {}
