package dev.oncelane.workers.bench.load;

import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.bench.BenchStack;
import dev.oncelane.workers.bench.RelaySender;
import dev.oncelane.workers.bench.WorkerProcess;
import dev.oncelane.workers.config.CrmThroughputConfig;
import dev.oncelane.workflows.budget.CrmBudgetWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench load --crm-limit}: oncelane's throughput when HubSpot's burst limit, not Temporal,
 * may be the bottleneck. One stack (Temporal, the sandbox, a SQLite ledger, the relay in this JVM,
 * the bare workflow's worker in this JVM); per limit × batching mode, in that order:
 *
 * <ol>
 *   <li>the sandbox enforces the limit per rolling 10 s for the one token all workers share, as
 *       HubSpot does per app;
 *   <li>{@code --workers} worker processes start with {@code ONCELANE_CRM_BUDGET_PER_10S=<limit>}
 *       and {@code ONCELANE_CRM_BATCHING=<mode>}, and are warmed up with a few events;
 *   <li>the sandbox is reset (contacts, counts and rate-limit windows), so the stream starts on a
 *       full budget and the counts are the stream's alone;
 *   <li>the bare workflow is saturated with as many workflows as the stream has events, then
 *       oncelane with the stream: unique events (one contact each) from {@link LoadRun#SENDERS}
 *       senders at once;
 *   <li>the sandbox's usage gives CRM requests per event, the 429s and the mean batch size.
 * </ol>
 */
public final class CrmLimitRun {

  /** The workers' CRM budget, requests per 10 s (0 = none), read by the worker. */
  public static final String BUDGET_ENV = CrmThroughputConfig.BUDGET;

  /** Whether the workers coalesce CRM calls into batch calls ({@code on} or {@code off}). */
  public static final String BATCHING_ENV = CrmThroughputConfig.BATCHING;

  /** A burst offers this many times the limit's requests per 10 s, in events, at once. */
  public static final int BURST_FACTOR = 10;

  private static final String NAMESPACE = "default";
  private static final int WARM_UP_EVENTS_PER_WORKER = 3;

  private final CrmLimitOptions options;
  private final PrintStream progress;

  public CrmLimitRun(CrmLimitOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs every limit × batching mode and reports them. */
  public CrmLimitReport run() throws IOException, InterruptedException {
    Path dir = options.dataDir().resolve("crm-limit");
    Files.createDirectories(dir);
    long began = System.nanoTime();
    List<CrmLimitRow> rows = new ArrayList<>();
    try (BenchStack stack =
            BenchStack.start(options.temporalBinary(), dir, NAMESPACE, SandboxOptions.defaults());
        BareLane bare = new BareLane(stack.connection().client())) {
      SandboxServer crm = stack.crm();
      JdbcLedger ledger = stack.ledger();
      RelaySender sender = new RelaySender(stack.relay().port());
      WorkerProcess lane =
          WorkerProcess.forLane(
              options.workerJar(),
              stack.temporal().address(),
              NAMESPACE,
              crm.baseUrl(),
              stack.ledgerUrl(),
              dir);
      for (int limit : options.limits()) {
        for (String batching : options.batching()) {
          try {
            rows.add(measure(limit, batching, crm, lane, bare, sender, ledger));
          } finally {
            endBudgetWorkflow(stack.connection().client());
          }
        }
      }
    }
    String server =
        options.temporalBinary().isPresent() ? "temporal dev server" : "in-memory Temporal";
    return new CrmLimitReport(server, rows, (System.nanoTime() - began) / 1e9, dir.toString());
  }

  private CrmLimitRow measure(
      int limit,
      String batching,
      SandboxServer crm,
      WorkerProcess lane,
      BareLane bare,
      RelaySender sender,
      JdbcLedger ledger)
      throws IOException, InterruptedException {
    String name = "crm" + limit + "-" + batching + "-w" + options.workers();
    int events = options.eventsAt(limit);
    progress.printf(
        "load: CRM limit %s, batching %s, %d worker(s), %d events%s%n",
        limit == 0 ? "none" : limit + "/10 s",
        batching,
        options.workers(),
        events,
        options.burst() ? " (burst)" : "");
    LoadRun saturation = saturationAt(limit, events);
    crm.setFaults(FaultConfig.none().withRateLimitPer10s(limit));
    List<WorkerProcess> workers = new ArrayList<>();
    try {
      for (int w = 1; w <= options.workers(); w++) {
        WorkerProcess worker =
            lane.withEnv(
                Map.of(BUDGET_ENV, Integer.toString(limit), BATCHING_ENV, batching),
                "worker-" + name + "-" + w);
        workers.add(worker);
        worker.start();
      }
      progress.println("load: warming up (worker start, JIT)");
      saturation.saturateOncelane(
          sender, ledger, name + "-warm-", WARM_UP_EVENTS_PER_WORKER * options.workers());
      bare.saturate(name + "-bare-warm-", 30, LoadRun.SENDERS, options.settleTimeoutAt(limit));
      crm.reset();

      Saturation bareResult =
          bare.saturate(name + "-bare-", events, LoadRun.SENDERS, options.settleTimeoutAt(limit));
      Saturation oncelane = saturation.saturateOncelane(sender, ledger, name + "-", events);
      CrmUsage usage = CrmUsage.of(crm.usage());
      CrmLimitRow row =
          CrmLimitRow.builder()
              .limitPer10s(limit)
              .batching(batching)
              .workers(options.workers())
              .burst(options.burst())
              .events(events)
              .oncelane(oncelane)
              .bare(bareResult)
              .crm(usage)
              .build();
      progress.printf(
          "load: %.2f events/s (bare %.1f/s), %.2f CRM calls per event, %d 429s (%.1f %%)%n",
          oncelane.eventsPerSecond(),
          bareResult.eventsPerSecond(),
          row.callsPerEvent(),
          usage.rateLimited(),
          100 * usage.rateLimitedShare());
      return row;
    } finally {
      for (WorkerProcess worker : workers) {
        worker.close();
      }
    }
  }

  /**
   * Ends the shared budget workflow once a row's workers are gone: it keeps the plan of the worker
   * that started it, so without this the next row's workers would run on this row's limit.
   */
  private static void endBudgetWorkflow(WorkflowClient client) {
    try {
      client
          .newUntypedWorkflowStub(CrmBudgetWorkflow.WORKFLOW_ID)
          .terminate("bench load: the next row runs its own CRM budget plan");
    } catch (WorkflowNotFoundException notRunning) {
      // No budget at this limit (0), or it had ended already.
    }
  }

  /** A load run whose saturation waits as long as a stream at this limit may take. */
  private LoadRun saturationAt(int limit, int events) {
    return new LoadRun(
        LoadOptions.builder()
            .events(events)
            .temporalBinary(options.temporalBinary())
            .workerJar(options.workerJar())
            .dataDir(options.dataDir())
            .settleTimeout(options.settleTimeoutAt(limit))
            .build(),
        progress);
  }
}
