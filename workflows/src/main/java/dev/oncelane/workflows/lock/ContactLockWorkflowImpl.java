package dev.oncelane.workflows.lock;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;

/**
 * The lock's loop: grant the first waiter, wait for its release or the end of its lease, repeat;
 * continue as new after {@link LockSettings#grantsBeforeContinueAsNew()} grants; complete when
 * idle. Signal handlers only change the queue; every command is issued from the loop.
 */
public class ContactLockWorkflowImpl implements ContactLockWorkflow {

  private static final Logger log = Workflow.getLogger(ContactLockWorkflowImpl.class);
  private static final int RELEASED_KEPT = 100;

  private LockSettings settings;
  private LockRequest holder;
  private long leaseExpiresAtMillis;
  private final Deque<LockRequest> waiters = new ArrayDeque<>();
  private final Deque<String> released = new ArrayDeque<>();
  private int grants;
  private boolean regrant;

  @Override
  public void run(ContactLockState state) {
    restore(state);
    while (true) {
      if (holder != null) {
        awaitReleaseOrLease();
        continue;
      }
      if (waiters.isEmpty() && !awaitWaiterOrIdle()) {
        return; // idle: the next request's signal-with-start starts a new run
      }
      if (grants >= settings.grantsBeforeContinueAsNew()) {
        Workflow.continueAsNew(state());
      }
      grantNext();
    }
  }

  @Override
  public void request(LockRequest request) {
    if (holder != null && holder.requestId().equals(request.requestId())) {
      // The holder asks again: it has not seen its grant (its task was retried). Send it again.
      regrant = true;
      return;
    }
    if (isKnown(request)) {
      return; // a repeated request keeps its place; a released one stays released
    }
    waiters.addLast(request);
  }

  @Override
  public void release(LockRequest request) {
    if (holder != null && holder.requestId().equals(request.requestId())) {
      holder = null;
      leaseExpiresAtMillis = 0;
      remember(request);
    } else if (waiters.removeIf(w -> w.requestId().equals(request.requestId()))) {
      remember(request);
    }
  }

  @Override
  public ContactLockState state() {
    return new ContactLockState(
        settings, holder, leaseExpiresAtMillis, List.copyOf(waiters), List.copyOf(released));
  }

  private void restore(ContactLockState state) {
    settings = state.settings() == null ? LockSettings.defaults() : state.settings();
    holder = state.holder();
    leaseExpiresAtMillis = state.leaseExpiresAtMillis();
    // Signals delivered in the first task, before this, are already queued: they stay behind.
    List<LockRequest> early = new ArrayList<>(waiters);
    waiters.clear();
    state.waiters().forEach(waiters::addLast);
    released.clear();
    state.released().forEach(released::addLast);
    early.forEach(this::request);
  }

  /**
   * True when a waiter came within the idle linger. {@code Workflow.await} answers false whenever
   * the timer fired, even when a request's signal arrived in the same workflow task: that request
   * is still served.
   */
  private boolean awaitWaiterOrIdle() {
    if (Workflow.await(settings.idleLinger(), () -> !waiters.isEmpty())) {
      return true;
    }
    return !waiters.isEmpty() && LockChanges.applies(LockChanges.IDLE_RACE);
  }

  private void awaitReleaseOrLease() {
    LockRequest current = holder;
    Duration left = Duration.ofMillis(Math.max(0, leaseExpiresAtMillis - now()));
    if (!Workflow.await(left, () -> holder != current || regrant)) {
      log.warn(
          "lease of {} ended without a release; granting the next waiter",
          current.holderWorkflowId());
      // Not remembered as released: a holder that never saw its grant may ask again.
      holder = null;
      leaseExpiresAtMillis = 0;
    } else if (regrant && holder == current) {
      regrant = false;
      signalGrant(current);
    }
    regrant = false;
  }

  private void grantNext() {
    LockRequest next = waiters.pollFirst();
    holder = next;
    leaseExpiresAtMillis = now() + settings.lease().toMillis();
    grants++;
    signalGrant(next);
  }

  private void signalGrant(LockRequest next) {
    LockGrant grant =
        new LockGrant(Workflow.getInfo().getWorkflowId(), next.requestId(), leaseExpiresAtMillis);
    try {
      Workflow.newUntypedExternalWorkflowStub(
              WorkflowExecution.newBuilder()
                  .setWorkflowId(next.holderWorkflowId())
                  .setRunId(next.holderRunId())
                  .build())
          .signal(LockHolder.GRANTED_SIGNAL, grant);
    } catch (RuntimeException failed) {
      if (!SignalTargetGone.is(failed) || !LockChanges.applies(LockChanges.RELEASE_EVERY_PATH)) {
        throw failed;
      }
      // The asker's run has closed (cancelled, terminated, timed out): nobody to hold the lock.
      log.info("lock asker {} is gone; granting the next waiter", next.holderWorkflowId());
      if (holder == next) {
        holder = null;
        leaseExpiresAtMillis = 0;
        remember(next);
      }
    }
  }

  private boolean isKnown(LockRequest request) {
    String id = request.requestId();
    return (holder != null && holder.requestId().equals(id))
        || waiters.stream().anyMatch(w -> w.requestId().equals(id))
        || released.contains(id);
  }

  private void remember(LockRequest request) {
    released.addLast(request.requestId());
    while (released.size() > RELEASED_KEPT) {
      released.removeFirst();
    }
  }

  private static long now() {
    return Workflow.currentTimeMillis();
  }
}
