/**
 * One writer per contact at a time, across workflows, worker processes and crashes: a lock workflow
 * per contact ({@link ContactLockWorkflow}, Temporal's mutex pattern) that grants in arrival order,
 * and the holder's side of it ({@link ContactLock}).
 */
package dev.oncelane.workflows.lock;
