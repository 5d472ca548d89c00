package dev.oncelane.activities.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.workflows.imports.ImportActivities;
import dev.oncelane.workflows.imports.ImportFed;
import dev.oncelane.workflows.imports.ImportFeedRound;
import dev.oncelane.workflows.imports.ImportRequest;
import dev.oncelane.workflows.imports.ImportWorkflow;
import dev.oncelane.workflows.imports.ImportWorkflowImpl;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.policy.LanePolicies;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import workflow and its feed activity on Temporal's test server, over a SQLite ledger: a
 * stateful fake of Temporal's start (one run per processing id) and a lane thread that settles what
 * was started, one event per permit the test hands it.
 */
class ImportFeedTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path tempDir;

  private HikariDataSource dataSource;
  private ImportStore store;
  private JdbcLedger ledger;
  private FakeStarts starts;
  private Lane lane;
  private TestWorkflowEnvironment env;
  private final CountingClock clock = new CountingClock();

  @BeforeEach
  void start() {
    dataSource = LedgerDataSources.open(LedgerDataSources.defaultUrl(tempDir));
    LedgerSchema.create(dataSource);
    store = new ImportStore(dataSource);
    ledger = new JdbcLedger(dataSource);
    starts = new FakeStarts();
    lane = new Lane();
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(ContactSyncWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(ImportWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new ImportActivitiesImpl(
            store, starts, 50, Duration.ofMillis(300), Duration.ofMillis(10), clock));
    env.start();
  }

  @AfterEach
  void stop() {
    lane.close();
    env.close();
    dataSource.close();
  }

  /** Lines 2..11 hold ten rows r1..r10; line 6 is invalid and line 9 repeats r2. */
  private void storeTenRows(String importId) {
    List<ImportRow> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      int line = i + 1;
      if (line == 6) {
        rows.add(ImportRow.invalid(line, "no email", ",nobody"));
      } else if (line == 9) {
        rows.add(ImportRow.valid(line, event("r2"), "r2@example.com"));
      } else {
        rows.add(ImportRow.valid(line, event("r" + i), "r" + i + "@example.com"));
      }
    }
    store.save(new ImportManifest(importId, "fair", "fair.csv", "ab", 10, 1, "alice", T0), rows);
  }

  private static ContactEvent event(String key) {
    return new ContactEvent(
            "import:" + key,
            "import",
            key + "@example.com",
            Map.of("firstname", key),
            "2024-05-01T10:00:00Z",
            "hash-" + key)
        .withAcceptedAt(T0);
  }

  private ImportWorkflow workflow(String importId) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            ImportWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ImportWorkflow.workflowId(importId))
                .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
                .build());
  }

  @Test
  void everyValidRowIsStartedOnceAndARepeatedRowIsADuplicate() {
    storeTenRows("fair-1");
    lane.settleEverything();

    ImportFed fed = workflow("fair-1").run(ImportRequest.begin("fair-1", 3));

    assertEquals(new ImportFed("fair-1", 8, 1), fed);
    assertEquals(
        List.of("r1", "r2", "r3", "r4", "r6", "r7", "r9", "r10"),
        starts.runs().keySet().stream().map(id -> id.substring("import:".length())).toList());
    assertTrue(starts.runs().values().stream().allMatch(n -> n == 1), starts.runs().toString());
  }

  @Test
  void noMoreThanMaxInFlightEventsAreUnsettledAtOnce() throws Exception {
    storeTenRows("fair-2");

    CompletableFuture<ImportFed> fed =
        WorkflowClient.execute(workflow("fair-2")::run, ImportRequest.begin("fair-2", 3));
    await(() -> starts.runs().size() == 3);
    // The feed reads the clock once per look at the ledger: let it look a few more times.
    long looked = clock.reads();
    await(() -> clock.reads() >= looked + 3);
    assertEquals(3, starts.runs().size());
    lane.settleEverything();

    assertEquals(new ImportFed("fair-2", 8, 1), fed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
    assertTrue(starts.peakInFlight() <= 3, "peak in flight " + starts.peakInFlight());
    assertEquals(3, starts.peakInFlight());
  }

  @Test
  void aFeedRetriedAfterAFailureResumesFromItsHeartbeatWithoutStartingARowTwice() {
    storeTenRows("fair-3");
    lane.settleEverything();
    // Temporal takes r4's start, then the answer is lost: the attempt fails after the start.
    starts.failAfterStarting("import:r4");

    ImportFed fed = workflow("fair-3").run(ImportRequest.begin("fair-3", 50));

    assertEquals(new ImportFed("fair-3", 7, 2), fed);
    assertEquals(8, starts.runs().size());
    assertTrue(starts.runs().values().stream().allMatch(n -> n == 1), starts.runs().toString());
    assertEquals(2, starts.attempts("import:r4"));
    assertEquals(1, starts.attempts("import:r3"));
  }

  @Test
  void aRowRefusedForGoodIsRecordedAsRefusedAndTheFeedGoesOnToTheRest() {
    storeTenRows("fair-4");
    lane.settleEverything();
    starts.refuse("import:r3", new RowRefused(RowRefused.INPUT_TOO_LARGE, "input too large"));

    ImportFed fed = workflow("fair-4").run(ImportRequest.begin("fair-4", 3));

    assertEquals(new ImportFed("fair-4", 7, 1), fed);
    assertEquals(1, starts.attempts("import:r3"));
    // The stand-in lane settles the last rows started on its own thread.
    await(() -> store.progress("fair-4").isFinished());
    ImportProgress progress = store.progress("fair-4");
    assertEquals(1, progress.refused());
    assertEquals(7, progress.completed());
    assertTrue(progress.isFinished(), progress.toString());
    assertEquals(
        List.of(
            new UnfinishedRow(
                4, "import:r3", "refused", "input_too_large", "input too large", "r3@example.com"),
            new UnfinishedRow(6, null, "invalid", "no email", null, ",nobody")),
        store.unfinished("fair-4"));
  }

  @Test
  void aCallStopsStartingRowsWhenItsRoundIsOverEvenInTheMiddleOfABatch() {
    storeTenRows("fair-5");
    AtomicLong now = new AtomicLong(T0);
    Clock manual =
        new Clock() {
          @Override
          public long millis() {
            return now.get();
          }

          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(millis());
          }

          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }
        };
    // Each start takes 100 ms of a 300 ms round; the room (50) would take every row at once.
    RowStarter slow =
        event -> {
          now.addAndGet(100);
          return true;
        };
    TestActivityEnvironment activities = TestActivityEnvironment.newInstance();
    try {
      activities.registerActivitiesImplementations(
          new ImportActivitiesImpl(store, slow, 50, Duration.ofMillis(300), Duration.ZERO, manual));
      ImportActivities feed =
          activities.newActivityStub(ImportActivities.class, LanePolicies.IMPORT_FEED);

      ImportFeedRound round = feed.feed("fair-5", 0, 50);

      assertEquals(new ImportFeedRound(4, 3, 0, false), round);
    } finally {
      activities.close();
    }
  }

  @Test
  void aFeedForAnImportTheLedgerDoesNotHaveFailsAtOnce() {
    WorkflowFailedException failure =
        assertThrows(
            WorkflowFailedException.class,
            () -> workflow("nope").run(ImportRequest.begin("nope", 3)));

    ActivityFailure activity = assertInstanceOf(ActivityFailure.class, failure.getCause());
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, activity.getCause());
    assertEquals(ImportActivities.UNKNOWN_IMPORT, cause.getType());
  }

  private static void await(BooleanSupplier condition) {
    long until = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within " + DEADLINE);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Temporal's start as the relay's {@code WorkflowStarter} sees it: one run per processing id, a
   * second start answered as a duplicate. Each new run goes to the lane; the peak of runs not yet
   * settled is kept.
   */
  private final class FakeStarts implements RowStarter {
    private final Map<String, Integer> runs = new LinkedHashMap<>();
    private final Map<String, Integer> attempts = new LinkedHashMap<>();
    private String failAfter;
    private final Map<String, RowRefused> refusals = new LinkedHashMap<>();
    private int peak;

    @Override
    public synchronized boolean start(ContactEvent event) {
      String id = event.processingId();
      attempts.merge(id, 1, Integer::sum);
      if (refusals.containsKey(id)) {
        throw refusals.get(id);
      }
      if (runs.containsKey(id)) {
        return false;
      }
      runs.put(id, 1);
      peak = Math.max(peak, unsettled());
      lane.started(event);
      if (id.equals(failAfter)) {
        failAfter = null;
        throw new IllegalStateException("the answer to the start of " + id + " was lost");
      }
      return true;
    }

    synchronized void refuse(String processingId, RowRefused refusal) {
      refusals.put(processingId, refusal);
    }

    synchronized void failAfterStarting(String processingId) {
      failAfter = processingId;
    }

    synchronized Map<String, Integer> runs() {
      return new LinkedHashMap<>(runs);
    }

    synchronized int attempts(String processingId) {
      return attempts.getOrDefault(processingId, 0);
    }

    synchronized int peakInFlight() {
      return peak;
    }

    /** Runs whose event the ledger has not settled (a run the lane has not begun counts). */
    private int unsettled() {
      return (int)
          runs.keySet().stream()
              .filter(id -> ledger.find(id).map(row -> !row.status().isSettled()).orElse(true))
              .count();
    }
  }

  /** The system clock, counting how often it is read. */
  private static final class CountingClock extends Clock {
    private final AtomicLong reads = new AtomicLong();

    long reads() {
      return reads.get();
    }

    @Override
    public long millis() {
      reads.incrementAndGet();
      return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /**
   * The lane, settling started events in the ledger ({@code begin}, then {@code processing →
   * completed}) as far as the test allows.
   */
  private final class Lane implements AutoCloseable {
    private final BlockingQueue<ContactEvent> started = new LinkedBlockingQueue<>();
    private final Semaphore allowed = new Semaphore(0);
    private final Thread thread = new Thread(this::run, "fake-lane");

    Lane() {
      thread.setDaemon(true);
      thread.start();
    }

    void started(ContactEvent event) {
      started.add(event);
    }

    void settleEverything() {
      allowed.release(Integer.MAX_VALUE / 2);
    }

    private void run() {
      try {
        while (true) {
          ContactEvent event = started.take();
          allowed.acquire();
          ledger.begin(event);
          ledger.record(
              new Transition(
                  event.processingId(),
                  3,
                  SyncStatus.PROCESSING,
                  SyncStatus.COMPLETED,
                  T0,
                  Transition.LANE_ACTOR,
                  null,
                  "101",
                  "created",
                  null,
                  1));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }
}
