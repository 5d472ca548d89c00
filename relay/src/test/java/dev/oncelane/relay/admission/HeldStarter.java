package dev.oncelane.relay.admission;

import dev.oncelane.relay.start.EventStarter;
import dev.oncelane.relay.start.StartOutcome;
import dev.oncelane.relay.start.TemporalUnavailable;
import dev.oncelane.workflows.sync.ContactEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stateful stand-in for Temporal's start: it keeps one run per workflow id (a second start of an
 * id is a duplicate, or a payload mismatch when the hash differs), and while held, every start
 * waits until {@link #release()}, as starts do when Temporal is slow. Ids listed in {@code failing}
 * are refused as {@link TemporalUnavailable}.
 */
public final class HeldStarter implements EventStarter {

  private record Run(String runId, String payloadHash) {}

  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final List<String> entered = new CopyOnWriteArrayList<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final CountDownLatch gate = new CountDownLatch(1);

  @Override
  public StartOutcome start(ContactEvent event) {
    String id = event.processingId();
    entered.add(id);
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("held for 30 s: a test forgot to release");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (failing.contains(id)) {
      throw new TemporalUnavailable("told to fail " + id, null);
    }
    Run mine = new Run(UUID.randomUUID().toString(), event.payloadHash());
    Run existing = runs.putIfAbsent(id, mine);
    if (existing == null) {
      return new StartOutcome.Accepted(id, mine.runId());
    }
    return existing.payloadHash().equals(event.payloadHash())
        ? new StartOutcome.Duplicate(id, existing.runId(), "running")
        : new StartOutcome.PayloadMismatch(id, existing.runId(), "running");
  }

  /** Lets every waiting start, and every later one, through. */
  public void release() {
    gate.countDown();
  }

  /** Refuses starts of {@code workflowId} as Temporal being unavailable. */
  public void fail(String workflowId) {
    failing.add(workflowId);
  }

  /** Every start call so far, by workflow id, in the order they began. */
  public List<String> entered() {
    return List.copyOf(entered);
  }

  /** Whether a run exists for the workflow id. */
  public boolean hasRun(String workflowId) {
    return runs.containsKey(workflowId);
  }
}
