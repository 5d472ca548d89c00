package dev.oncelane.activities.crm.batch;

import dev.oncelane.activities.crm.ContactRequests;
import dev.oncelane.activities.crm.CrmBudgetWaitExceeded;
import dev.oncelane.activities.hubspot.HubSpotApiException;
import dev.oncelane.activities.hubspot.HubSpotBatchAnswer;
import dev.oncelane.activities.hubspot.HubSpotBatchInput;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.hubspot.HubSpotContact;
import dev.oncelane.activities.hubspot.HubSpotError;
import dev.oncelane.activities.hubspot.HubSpotProperty;
import dev.oncelane.activities.hubspot.HubSpotTransportException;
import dev.oncelane.activities.hubspot.RateLimitHeaders;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces the CRM requests of concurrent activities in one worker into HubSpot batch calls, and
 * sends every request only when the {@link RequestBudget} grants one.
 *
 * <table>
 *   <caption>request → call</caption>
 *   <tr><th>request</th><th>batch call</th><th>answer matched back by</th></tr>
 *   <tr><td>lookup by email</td><td>{@code batch/read}, {@code "idProperty":"email"}</td>
 *       <td>the result's case-folded {@code email}; an {@code OBJECT_NOT_FOUND} error naming
 *       the email in {@code context.ids} is "no such contact"</td></tr>
 *   <tr><td>create</td><td>{@code batch/create}</td><td>{@code objectWriteTraceId}, else the
 *       case-folded email</td></tr>
 *   <tr><td>update by id</td><td>{@code batch/update}</td><td>{@code objectWriteTraceId}, else
 *       the id</td></tr>
 *   <tr><td>lookup by id, the property catalog</td><td>none: a single call</td><td></td></tr>
 * </table>
 *
 * <p>Never by position: HubSpot does not keep input order. A batch holds one email once (two
 * lookups of one email share one input and its answer; a second create of an email, or a second
 * update of an id, waits for the next batch). A kind's requests go when {@code maxInputs} wait or
 * the oldest has waited the window, and only when the budget grants a request: while it waits, what
 * arrives joins the batch, so a starved budget makes big batches, not long queues.
 *
 * <p>What each request sees is what the single call would have given it:
 *
 * <ul>
 *   <li>a row's own error in a 207 answer becomes that row's {@link HubSpotApiException} with the
 *       single call's status ({@code CONFLICT} 409 with the CRM's message and existing id, {@code
 *       VALIDATION_ERROR} 400, {@code OBJECT_NOT_FOUND} 404 on update);
 *   <li>a batch refused as a whole for one row (400, 409 or 422 instead of a 207) is split in two
 *       halves, each sent again as its own batch, until the refused row is alone and goes through
 *       today's single call, whose answer is its own; the whole batch is never sent again;
 *   <li>a 5xx, 429, 401/403 or no usable answer for the batch is every row's failure, as it would
 *       have been each single call's (a lost answer to a batch create is ambiguous for every row:
 *       the workflow's retry meets 409 and resolves it, as for a single create);
 *   <li>a row the answer does not account for (neither a result nor an error names it) is sent
 *       again alone, as a single call.
 * </ul>
 *
 * <p>A request not sent within {@code maxWait} fails with {@link CrmBudgetWaitExceeded}, nothing
 * sent. One sent already (a row to send again alone, an answer that does not come within {@code
 * maxWait} plus the HTTP call timeout) fails as a {@link HubSpotTransportException}: its outcome is
 * unknown. Thread-safe; {@link #close()} fails what still waits as a transport failure (retryable).
 */
public final class CrmBatcher implements ContactRequests, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CrmBatcher.class);

  /** How long one budget wait lasts before the flusher looks at its queues again. */
  private static final Duration BUDGET_POLL = Duration.ofMillis(200);

  /**
   * How long a waiting caller waits beyond {@code maxWait} for an answer already being sent: the
   * HTTP call timeout, so the answer (or its failure) comes within the CRM activity's
   * start-to-close timeout.
   */
  private static final Duration ANSWER_GRACE = HubSpotConfig.DEFAULT_CALL_TIMEOUT;

  private enum Kind {
    READ(HubSpotClient.FIND_BY_EMAIL),
    CREATE(HubSpotClient.CREATE),
    UPDATE(HubSpotClient.UPDATE);

    final String operation;

    Kind(String operation) {
      this.operation = operation;
    }
  }

  /** One activity's request for a batch. */
  private static final class Row {
    final Kind kind;
    final String key;
    final String value;
    final Map<String, String> properties;
    final long enqueued;
    final long deadline;
    final CompletableFuture<Optional<HubSpotContact>> answer = new CompletableFuture<>();

    /**
     * Set once its request was taken for sending: from then on whether it reached the CRM is
     * unknown.
     */
    volatile boolean taken;

    Row(Kind kind, String key, String value, Map<String, String> properties, long now, long wait) {
      this.kind = kind;
      this.key = key;
      this.value = value;
      this.properties = properties;
      this.enqueued = now;
      this.deadline = now + wait;
    }
  }

  /** One request to send: a batch of rows of one kind, or one single call. */
  private sealed interface Work permits Batch, Single {
    long enqueued();
  }

  private record Batch(Kind kind, List<Row> rows) implements Work {
    @Override
    public long enqueued() {
      return rows.stream().mapToLong(r -> r.enqueued).min().orElse(Long.MAX_VALUE);
    }
  }

  private record Single(
      String operation,
      Supplier<Object> call,
      CompletableFuture<Object> answer,
      AtomicBoolean taken,
      long enqueued,
      long deadline)
      implements Work {}

  private final HubSpotClient client;
  private final RequestBudget budget;
  private final CrmBatchConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Kind, Deque<Row>> pending = new EnumMap<>(Kind.class);

  /** Work formed already (split halves, unanswered rows, single calls), sent before new batches. */
  private final Deque<Work> ready = new ArrayDeque<>();

  private final ExecutorService senders;

  /**
   * Free sender threads. The flusher takes one before it asks the budget, so a request granted is
   * sent at once, within the permit's validity, never queued behind slow calls.
   */
  private final Semaphore freeSenders;

  private final Thread flusher;
  private final AtomicLong requestsSent = new AtomicLong();
  private final AtomicLong batchesSent = new AtomicLong();
  private final AtomicLong rowsInBatches = new AtomicLong();
  private boolean closed;

  public CrmBatcher(HubSpotClient client, RequestBudget budget, CrmBatchConfig config) {
    this.client = Objects.requireNonNull(client, "client");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.config = Objects.requireNonNull(config, "config");
    for (Kind kind : Kind.values()) {
      pending.put(kind, new ArrayDeque<>());
    }
    this.freeSenders = new Semaphore(config.concurrentRequests());
    this.senders =
        Executors.newFixedThreadPool(
            config.concurrentRequests(),
            r -> {
              Thread t = new Thread(r, "crm-batch-sender");
              t.setDaemon(true);
              return t;
            });
    this.flusher = new Thread(this::flushLoop, "crm-batch-flusher");
    flusher.setDaemon(true);
    flusher.start();
  }

  /**
   * What the batcher has sent so far.
   *
   * @param requests HTTP requests sent (batches and single calls)
   * @param batches batch calls among them
   * @param rowsInBatches requests answered by those batch calls (their mean size is {@code
   *     rowsInBatches / batches})
   */
  public record Counts(long requests, long batches, long rowsInBatches) {}

  public Counts counts() {
    return new Counts(requestsSent.get(), batchesSent.get(), rowsInBatches.get());
  }

  /** Requests waiting to be sent now (for tests and diagnostics). */
  public int waitingRequests() {
    lock.lock();
    try {
      int n = pending.values().stream().mapToInt(Deque::size).sum();
      for (Work work : ready) {
        n += work instanceof Batch b ? b.rows().size() : 1;
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<HubSpotContact> findContactByEmail(String email) {
    HubSpotClient.requireEmail(email);
    if (!config.batching()) {
      return single(HubSpotClient.FIND_BY_EMAIL, () -> client.findContactByEmail(email));
    }
    return await(enqueue(Kind.READ, fold(email), email.trim(), null));
  }

  @Override
  public Optional<HubSpotContact> findContactById(String id) {
    HubSpotClient.requireRecordId(id);
    return single(HubSpotClient.FIND_BY_ID, () -> client.findContactById(id));
  }

  @Override
  public HubSpotContact createContact(Map<String, String> properties) {
    HubSpotClient.requireProperties(properties);
    String email = properties.get("email");
    if (!config.batching() || email == null || email.isBlank()) {
      // Without an email a create cannot be matched back but by trace id; HubSpot would refuse
      // it anyway, and its own single call says why.
      return single(HubSpotClient.CREATE, () -> client.createContact(properties));
    }
    return await(enqueue(Kind.CREATE, fold(email), null, properties)).orElseThrow();
  }

  @Override
  public HubSpotContact updateContact(String id, Map<String, String> properties) {
    HubSpotClient.requireRecordId(id);
    HubSpotClient.requireProperties(properties);
    if (!config.batching()) {
      return single(HubSpotClient.UPDATE, () -> client.updateContact(id, properties));
    }
    return await(enqueue(Kind.UPDATE, id.trim(), id.trim(), properties)).orElseThrow();
  }

  @Override
  public List<HubSpotProperty> listContactProperties() {
    return single(HubSpotClient.LIST_PROPERTIES, client::listContactProperties);
  }

  /** Stops the flusher and fails every request still waiting (retryable: nothing was sent). */
  @Override
  public void close() {
    List<Work> abandoned = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      pending.values().forEach(q -> q.forEach(r -> abandoned.add(new Batch(r.kind, List.of(r)))));
      pending.values().forEach(Deque::clear);
      abandoned.addAll(ready);
      ready.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Work work : abandoned) {
      fail(work, new HubSpotTransportException("batch", "the worker is stopping", null));
    }
    flusher.interrupt();
    Counts counts = counts();
    log.info(
        "CRM batcher stopping: {} requests sent, {} of them batch calls answering {} requests"
            + " (mean batch size {})",
        counts.requests(),
        counts.batches(),
        counts.rowsInBatches(),
        counts.batches() == 0
            ? "-"
            : String.format(
                Locale.ROOT, "%.1f", (double) counts.rowsInBatches() / counts.batches()));
    senders.shutdown();
    try {
      senders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Row enqueue(Kind kind, String key, String value, Map<String, String> properties) {
    Row row = new Row(kind, key, value, properties, System.nanoTime(), config.maxWait().toNanos());
    lock.lock();
    try {
      if (closed) {
        throw new HubSpotTransportException(kind.operation, "the worker is stopping", null);
      }
      pending.get(kind).addLast(row);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return row;
  }

  @SuppressWarnings("unchecked")
  private <T> T single(String operation, Supplier<T> call) {
    long now = System.nanoTime();
    Single work =
        new Single(
            operation,
            (Supplier<Object>) call,
            new CompletableFuture<>(),
            new AtomicBoolean(),
            now,
            now + config.maxWait().toNanos());
    lock.lock();
    try {
      if (closed) {
        throw new HubSpotTransportException(operation, "the worker is stopping", null);
      }
      ready.addLast(work);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return (T) await(work.answer(), operation, () -> work.taken().get());
  }

  private Optional<HubSpotContact> await(Row row) {
    return await(row.answer, row.kind.operation, () -> row.taken);
  }

  private <T> T await(CompletableFuture<T> answer, String operation, BooleanSupplier taken) {
    try {
      return answer.get(config.maxWait().plus(ANSWER_GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new HubSpotTransportException(operation, String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      if (taken.getAsBoolean()) {
        throw new HubSpotTransportException(
            operation,
            "no answer within " + config.maxWait().plus(ANSWER_GRACE).toMillis() + " ms",
            e);
      }
      throw new CrmBudgetWaitExceeded(operation, config.maxWait());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubSpotTransportException(operation, "interrupted while waiting to be sent", e);
    }
  }

  // ---- the flusher: one thread deciding what goes out with each request granted ----

  private void flushLoop() {
    while (true) {
      try {
        if (!awaitReady()) {
          return;
        }
        if (!freeSenders.tryAcquire(BUDGET_POLL.toNanos(), TimeUnit.NANOSECONDS)) {
          continue;
        }
        Work work;
        try {
          work = budget.acquire(BUDGET_POLL) ? take() : null;
        } catch (InterruptedException | RuntimeException e) {
          freeSenders.release();
          throw e;
        }
        if (work == null) {
          // No grant yet, or everything waiting expired meanwhile (the grant goes unused).
          freeSenders.release();
          continue;
        }
        try {
          senders.execute(() -> send(work));
        } catch (RejectedExecutionException stopping) {
          // Closed between the grant and now: nothing was sent; fail rather than leave it waiting.
          freeSenders.release();
          fail(work, new HubSpotTransportException("batch", "the worker is stopping", stopping));
          continue;
        }
        requestsSent.incrementAndGet();
      } catch (InterruptedException e) {
        lock.lock();
        try {
          if (closed) {
            return;
          }
        } finally {
          lock.unlock();
        }
      } catch (RuntimeException e) {
        log.error("CRM batch flusher: unexpected failure, going on", e);
      }
    }
  }

  /** Waits until some work may go (window over, a batch full, formed work); false once closed. */
  private boolean awaitReady() throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        long now = System.nanoTime();
        expire(now);
        long due = readyIn(now);
        if (due == 0) {
          return true;
        }
        long untilExpiry = nextDeadline() - now;
        long wait = due < 0 ? untilExpiry : Math.min(due, untilExpiry);
        changed.awaitNanos(Math.max(1_000_000L, Math.min(wait, TimeUnit.SECONDS.toNanos(1))));
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** 0 when work may go now; else nanoseconds until a window ends; -1 when nothing waits. */
  private long readyIn(long now) {
    if (!ready.isEmpty()) {
      return 0;
    }
    long best = -1;
    for (Deque<Row> queue : pending.values()) {
      if (queue.isEmpty()) {
        continue;
      }
      if (queue.size() >= config.maxInputs()) {
        return 0;
      }
      long due = queue.peekFirst().enqueued + config.window().toNanos() - now;
      if (due <= 0) {
        return 0;
      }
      best = best < 0 ? due : Math.min(best, due);
    }
    return best;
  }

  private long nextDeadline() {
    long next = Long.MAX_VALUE;
    for (Deque<Row> queue : pending.values()) {
      for (Row row : queue) {
        next = Math.min(next, row.deadline);
      }
    }
    for (Work work : ready) {
      if (work instanceof Single s) {
        next = Math.min(next, s.deadline());
      } else {
        for (Row row : ((Batch) work).rows()) {
          next = Math.min(next, row.deadline);
        }
      }
    }
    return next;
  }

  /** Fails what waited past its bound; called with the lock held. */
  private void expire(long now) {
    for (Deque<Row> queue : pending.values()) {
      queue.removeIf(row -> row.deadline <= now && expired(row.answer, row.kind.operation));
    }
    Iterator<Work> works = ready.iterator();
    while (works.hasNext()) {
      Work work = works.next();
      if (work instanceof Single s) {
        if (s.deadline() <= now) {
          expired(s.answer(), s.operation());
          works.remove();
        }
      } else {
        Batch batch = (Batch) work;
        batch.rows().removeIf(row -> row.deadline <= now && expired(row));
        if (batch.rows().isEmpty()) {
          works.remove();
        }
      }
    }
  }

  /**
   * A row sent before (a split half, a row the answer did not name) may have reached the CRM: its
   * outcome is unknown, not "nothing sent".
   */
  private boolean expired(Row row) {
    if (!row.taken) {
      return expired(row.answer, row.kind.operation);
    }
    row.answer.completeExceptionally(
        new HubSpotTransportException(
            row.kind.operation, "sent, then waited past its bound to be sent again", null));
    return true;
  }

  private boolean expired(CompletableFuture<?> answer, String operation) {
    answer.completeExceptionally(new CrmBudgetWaitExceeded(operation, config.maxWait()));
    return true;
  }

  /** The work to send with the request just granted: formed work first, else the oldest kind. */
  private Work take() {
    lock.lock();
    try {
      expire(System.nanoTime());
      if (!ready.isEmpty()) {
        return taken(ready.pollFirst());
      }
      Kind oldest = null;
      for (Map.Entry<Kind, Deque<Row>> e : pending.entrySet()) {
        Row head = e.getValue().peekFirst();
        if (head != null
            && (oldest == null || head.enqueued < pending.get(oldest).peekFirst().enqueued)) {
          oldest = e.getKey();
        }
      }
      return oldest == null ? null : taken(formBatch(oldest));
    } finally {
      lock.unlock();
    }
  }

  private static Work taken(Work work) {
    if (work instanceof Single s) {
      s.taken().set(true);
    } else {
      ((Batch) work).rows().forEach(r -> r.taken = true);
    }
    return work;
  }

  /**
   * Up to {@code maxInputs} distinct keys of one kind, oldest first. Lookups of one email share an
   * input; a second create of an email or update of an id stays for the next batch.
   */
  private Batch formBatch(Kind kind) {
    List<Row> rows = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    Iterator<Row> queue = pending.get(kind).iterator();
    while (queue.hasNext()) {
      Row row = queue.next();
      if (keys.contains(row.key)) {
        if (kind == Kind.READ) {
          rows.add(row);
          queue.remove();
        }
        continue;
      }
      if (keys.size() == config.maxInputs()) {
        if (kind == Kind.READ) {
          continue; // later lookups of an email already in the batch still join it
        }
        break;
      }
      keys.add(row.key);
      rows.add(row);
      queue.remove();
    }
    return new Batch(kind, rows);
  }

  // ---- sending (on a sender thread) ----

  private void send(Work work) {
    try {
      sendNow(work);
    } finally {
      freeSenders.release();
    }
  }

  private void sendNow(Work work) {
    try {
      if (work instanceof Single s) {
        try {
          s.answer().complete(s.call().get());
        } catch (RuntimeException e) {
          s.answer().completeExceptionally(e);
        }
      } else {
        sendBatch((Batch) work);
      }
    } catch (RuntimeException e) {
      log.error("CRM batch: unexpected failure while sending", e);
      fail(work, e);
    }
  }

  private void sendBatch(Batch batch) {
    Map<String, List<Row>> byKey = new LinkedHashMap<>();
    for (Row row : batch.rows()) {
      byKey.computeIfAbsent(row.key, k -> new ArrayList<>()).add(row);
    }
    if (byKey.size() == 1) {
      sendAlone(batch.kind(), batch.rows());
      return;
    }
    batchesSent.incrementAndGet();
    rowsInBatches.addAndGet(batch.rows().size());
    List<Row> firsts = byKey.values().stream().map(rows -> rows.get(0)).toList();
    HubSpotBatchAnswer answer;
    try {
      answer =
          switch (batch.kind()) {
            case READ -> client.batchReadByEmail(firsts.stream().map(r -> r.value).toList());
            case CREATE -> client.batchCreate(inputs(firsts, false));
            case UPDATE -> client.batchUpdate(inputs(firsts, true));
          };
    } catch (HubSpotApiException e) {
      if (refusedForOneRow(e.httpStatus())) {
        split(batch, byKey);
      } else {
        fail(batch, e);
      }
      return;
    } catch (RuntimeException e) {
      fail(batch, e);
      return;
    }
    List<List<Row>> unanswered =
        switch (batch.kind()) {
          case READ -> matchReads(answer, byKey);
          case CREATE, UPDATE -> matchWrites(batch.kind(), answer, byKey);
        };
    if (!unanswered.isEmpty()) {
      log.debug("CRM batch: {} rows not named in the answer, sent again alone", unanswered.size());
      requeueFirst(unanswered.stream().map(rows -> new Batch(batch.kind(), rows)).toList());
    }
  }

  /** Today's single call, for a batch of one key (its answer is every row's). */
  private void sendAlone(Kind kind, List<Row> rows) {
    Row first = rows.get(0);
    try {
      Optional<HubSpotContact> answer =
          switch (kind) {
            case READ -> client.findContactByEmail(first.value);
            case CREATE -> Optional.of(client.createContact(first.properties));
            case UPDATE -> Optional.of(client.updateContact(first.value, first.properties));
          };
      rows.forEach(r -> r.answer.complete(answer));
    } catch (RuntimeException e) {
      rows.forEach(r -> r.answer.completeExceptionally(e));
    }
  }

  private static List<HubSpotBatchInput> inputs(List<Row> rows, boolean withId) {
    List<HubSpotBatchInput> inputs = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      inputs.add(new HubSpotBatchInput(withId ? row.value : null, row.properties, traceId(i)));
    }
    return inputs;
  }

  private static String traceId(int index) {
    return "row-" + index;
  }

  /**
   * 400, 409 or 422 for the batch as a whole: one row's problem (an invalid email, an existing
   * contact) refused them all. Anything else (5xx, 429, 401/403, …) says nothing about a row.
   */
  private static boolean refusedForOneRow(int status) {
    return status == 400 || status == 409 || status == 422;
  }

  /** Two halves, each sent again as a batch of its own (a half of one key is a single call). */
  private void split(Batch batch, Map<String, List<Row>> byKey) {
    List<List<Row>> groups = new ArrayList<>(byKey.values());
    int half = groups.size() / 2;
    List<Row> first = new ArrayList<>();
    groups.subList(0, half).forEach(first::addAll);
    List<Row> second = new ArrayList<>();
    groups.subList(half, groups.size()).forEach(second::addAll);
    requeueFirst(List.of(new Batch(batch.kind(), first), new Batch(batch.kind(), second)));
  }

  private void requeueFirst(List<Batch> works) {
    lock.lock();
    try {
      if (closed) {
        works.forEach(
            w -> fail(w, new HubSpotTransportException("batch", "the worker is stopping", null)));
        return;
      }
      for (int i = works.size() - 1; i >= 0; i--) {
        ready.addFirst(new Batch(works.get(i).kind(), new ArrayList<>(works.get(i).rows())));
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private List<List<Row>> matchReads(HubSpotBatchAnswer answer, Map<String, List<Row>> byKey) {
    Map<String, List<Row>> open = new LinkedHashMap<>(byKey);
    for (HubSpotBatchAnswer.Result result : answer.results()) {
      String email = result.contact().properties().get("email");
      List<Row> rows = email == null ? null : open.remove(fold(email));
      if (rows != null) {
        Optional<HubSpotContact> found = Optional.of(result.contact());
        rows.forEach(r -> r.answer.complete(found));
      }
    }
    for (HubSpotError error : answer.errors()) {
      if (!"OBJECT_NOT_FOUND".equals(error.category())) {
        continue;
      }
      for (String id : error.context().getOrDefault("ids", List.of())) {
        List<Row> rows = open.remove(fold(id));
        if (rows != null) {
          rows.forEach(r -> r.answer.complete(Optional.empty()));
        }
      }
    }
    return new ArrayList<>(open.values());
  }

  private List<List<Row>> matchWrites(
      Kind kind, HubSpotBatchAnswer answer, Map<String, List<Row>> byKey) {
    Map<String, Row> byTrace = new LinkedHashMap<>();
    Map<String, Row> open = new LinkedHashMap<>();
    int i = 0;
    for (List<Row> rows : byKey.values()) {
      byTrace.put(traceId(i++), rows.get(0));
      open.put(rows.get(0).key, rows.get(0));
    }
    for (HubSpotBatchAnswer.Result result : answer.results()) {
      Row row =
          result.objectWriteTraceId() == null ? null : byTrace.get(result.objectWriteTraceId());
      if (row == null) {
        String key =
            kind == Kind.CREATE
                ? fold(result.contact().properties().getOrDefault("email", ""))
                : result.contact().id();
        row = open.get(key);
      }
      if (row != null && open.remove(row.key) != null) {
        row.answer.complete(Optional.of(result.contact()));
      }
    }
    for (HubSpotError error : answer.errors()) {
      int status = singleCallStatus(error.category());
      if (status == 0) {
        continue;
      }
      // One error may name several rows (e.g. OBJECT_NOT_FOUND with ids [a, b, c]): each is named.
      List<Row> named = new ArrayList<>();
      for (String trace : error.context().getOrDefault("objectWriteTraceId", List.of())) {
        Optional.ofNullable(byTrace.get(trace)).ifPresent(named::add);
      }
      if (named.isEmpty() && kind == Kind.UPDATE) {
        for (String id : error.context().getOrDefault("ids", List.of())) {
          Optional.ofNullable(open.get(id.trim())).ifPresent(named::add);
        }
      }
      for (Row row : named) {
        if (open.remove(row.key) != null) {
          row.answer.completeExceptionally(
              new HubSpotApiException(kind.operation, status, error, RateLimitHeaders.none()));
        }
      }
    }
    return open.values().stream().map(List::of).toList();
  }

  /**
   * The status HubSpot's single call answers for a batch row's error category; 0 when unsure (the
   * row is then sent again alone, and the single call answers for itself).
   */
  private static int singleCallStatus(String category) {
    if (category == null) {
      return 0;
    }
    return switch (category) {
      case "CONFLICT" -> 409;
      case "VALIDATION_ERROR" -> 400;
      case "OBJECT_NOT_FOUND" -> 404;
      default -> 0;
    };
  }

  private static void fail(Work work, RuntimeException failure) {
    if (work instanceof Single s) {
      s.answer().completeExceptionally(failure);
    } else {
      ((Batch) work).rows().forEach(r -> r.answer.completeExceptionally(failure));
    }
  }

  /** Emails match ignoring case and surrounding blanks, as HubSpot matches them. */
  static String fold(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }
}
