package dev.oncelane.relay.admission;

import dev.oncelane.relay.start.EventStarter;
import dev.oncelane.relay.start.StartOutcome;
import dev.oncelane.workflows.sync.ContactEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Runs workflow starts off the HTTP threads, at most {@code maxInFlight} at once with at most
 * {@code maxWaiting} more waiting for a slot, and sheds the rest at once with {@link
 * RelayOverloaded}: nothing is started for a shed delivery.
 *
 * <p><b>Capacity counts distinct starts, not requests.</b> Deliveries of one event that arrive
 * while its start is waiting or running (same workflow id and same payload hash) join that start
 * instead of taking a slot, and are answered from its outcome: when it started a new run, the first
 * delivery gets {@link StartOutcome.Accepted} and every one that joined gets {@link
 * StartOutcome.Duplicate} naming the same run with state {@code running} (its state when it was
 * started); when the start found an existing run or failed, every delivery gets the same answer. So
 * 200 concurrent deliveries of one event cost one slot and one start, and are never shed because of
 * each other. The same key with another payload is a different start (Temporal then answers it
 * {@link StartOutcome.PayloadMismatch}).
 *
 * <p>A start that waited longer than {@code maxWait} for a slot is shed when its turn comes,
 * without starting, so a delivery is answered within about {@code maxWait} plus one start.
 *
 * <p>The design follows Jetty 12's {@code QoSHandler} (max concurrent, max suspended, max suspend
 * time, 503 past them), which the relay's Jetty 11 does not have; and it runs after the body is
 * read and verified, where the idempotency key is known, which a request-level filter cannot see.
 */
public final class StartAdmission implements AutoCloseable {

  private final EventStarter starter;
  private final int maxInFlight;
  private final int maxWaiting;
  private final Duration maxWait;
  private final Duration retryAfter;
  private final LongSupplier nanoTime;
  private final Semaphore capacity;
  private final ConcurrentHashMap<StartKey, CompletableFuture<StartOutcome>> starts =
      new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final ThreadPoolExecutor executor;

  /** What makes two deliveries the same start. */
  private record StartKey(String workflowId, String payloadHash) {}

  /**
   * @param starter what starts the workflow (blocking; called on this admission's own threads)
   * @param maxInFlight starts running at once, at least 1
   * @param maxWaiting starts waiting for a slot beyond those, at least 0
   * @param maxWait longest a start waits for a slot before it is shed instead
   * @param retryAfter what a shed delivery is told to wait ({@link RelayOverloaded#retryAfter()})
   * @throws IllegalArgumentException when a limit is out of range
   */
  public StartAdmission(
      EventStarter starter,
      int maxInFlight,
      int maxWaiting,
      Duration maxWait,
      Duration retryAfter) {
    this(starter, maxInFlight, maxWaiting, maxWait, retryAfter, System::nanoTime);
  }

  /** As above, with the monotonic clock (nanoseconds) that measures the wait for a slot. */
  StartAdmission(
      EventStarter starter,
      int maxInFlight,
      int maxWaiting,
      Duration maxWait,
      Duration retryAfter,
      LongSupplier nanoTime) {
    if (maxInFlight < 1 || maxWaiting < 0) {
      throw new IllegalArgumentException("need maxInFlight >= 1 and maxWaiting >= 0");
    }
    this.starter = Objects.requireNonNull(starter, "starter");
    this.maxInFlight = maxInFlight;
    this.maxWaiting = maxWaiting;
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.capacity = new Semaphore(maxInFlight + maxWaiting);
    AtomicInteger threads = new AtomicInteger();
    // Unbounded queue: the semaphore already bounds what is queued to maxWaiting.
    this.executor =
        new ThreadPoolExecutor(
            maxInFlight,
            maxInFlight,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "relay-start-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts the workflow for {@code event}, or joins the start of the same event already waiting or
   * running. Never blocks.
   *
   * @return the outcome; it completes exceptionally with {@link RelayOverloaded} when the delivery
   *     was shed (nothing started), or with whatever the starter threw (see {@link
   *     EventStarter#start}), wrapped in a {@link java.util.concurrent.CompletionException} for
   *     deliveries that joined
   */
  public CompletableFuture<StartOutcome> start(ContactEvent event) {
    StartKey key = new StartKey(event.processingId(), event.payloadHash());
    CompletableFuture<StartOutcome> mine = new CompletableFuture<>();
    CompletableFuture<StartOutcome> current =
        starts.computeIfAbsent(key, k -> capacity.tryAcquire() ? mine : null);
    if (current == null) {
      return CompletableFuture.failedFuture(
          new RelayOverloaded(
              "The relay is running "
                  + maxInFlight
                  + " starts with "
                  + maxWaiting
                  + " more waiting, its limit; nothing was started",
              retryAfter));
    }
    pending.incrementAndGet();
    CompletableFuture<StartOutcome> answer;
    if (current != mine) {
      answer = current.thenApply(StartAdmission::asSeenByAJoiner);
    } else {
      QueuedStart queued = new QueuedStart(key, event, mine, nanoTime.getAsLong());
      try {
        executor.execute(queued);
      } catch (RejectedExecutionException stopping) {
        queued.shed("the relay is stopping; nothing was started");
      }
      // A copy, so a caller cancelling its answer cannot cancel the deliveries that joined.
      answer = mine.copy();
    }
    return answer.whenComplete((outcome, failure) -> pending.decrementAndGet());
  }

  /** Deliveries admitted or joined whose start has not answered yet. */
  public int pendingDeliveries() {
    return pending.get();
  }

  /** Starts running now. */
  public int inFlight() {
    return running.get();
  }

  /** Starts admitted and waiting for a slot. */
  public int waiting() {
    int admitted = maxInFlight + maxWaiting - capacity.availablePermits();
    return Math.max(0, admitted - running.get());
  }

  private static StartOutcome asSeenByAJoiner(StartOutcome outcome) {
    return outcome instanceof StartOutcome.Accepted accepted
        ? new StartOutcome.Duplicate(accepted.workflowId(), accepted.runId(), "running")
        : outcome;
  }

  /** Stops the start threads; starts still waiting are shed (the relay is stopping). */
  @Override
  public void close() {
    for (Runnable never : executor.shutdownNow()) {
      ((QueuedStart) never).shed("the relay is stopping; nothing was started");
    }
  }

  private final class QueuedStart implements Runnable {
    private final StartKey key;
    private final ContactEvent event;
    private final CompletableFuture<StartOutcome> result;
    private final long queuedAt;

    QueuedStart(
        StartKey key, ContactEvent event, CompletableFuture<StartOutcome> result, long queuedAt) {
      this.key = key;
      this.event = event;
      this.result = result;
      this.queuedAt = queuedAt;
    }

    @Override
    public void run() {
      long waitedNanos = nanoTime.getAsLong() - queuedAt;
      if (waitedNanos > maxWait.toNanos()) {
        shed(
            "The delivery waited "
                + TimeUnit.NANOSECONDS.toMillis(waitedNanos)
                + " ms for one of the relay's "
                + maxInFlight
                + " start slots, longer than its "
                + maxWait.toMillis()
                + " ms bound; nothing was started");
        return;
      }
      running.incrementAndGet();
      StartOutcome outcome = null;
      Throwable failure = null;
      try {
        outcome = starter.start(event);
      } catch (Throwable e) {
        failure = e;
      } finally {
        running.decrementAndGet();
      }
      // Released before answering, so a delivery arriving now starts afresh (Temporal then names
      // the run) rather than joining an answer already given.
      release();
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(outcome);
      }
    }

    void shed(String why) {
      release();
      result.completeExceptionally(new RelayOverloaded(why, retryAfter));
    }

    private void release() {
      starts.remove(key, result);
      capacity.release();
    }
  }
}
