package dev.oncelane.workers.bench.chaos;

import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.bench.BenchStack;
import dev.oncelane.workers.bench.RelaySender;
import dev.oncelane.workers.bench.WorkerProcess;
import dev.oncelane.workers.bench.chaos.ChaosPlan.Kind;
import dev.oncelane.workers.bench.chaos.ChaosPlan.PlannedEvent;
import dev.oncelane.workers.bench.chaos.ChaosReport.Invariant;
import dev.oncelane.workers.bench.chaos.ChaosReport.LaneResult;
import dev.oncelane.workers.bench.naive.NaiveLane;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.review.ReviewReason;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Plays a seeded stream through oncelane — relay in-process, the worker as its own process, the
 * sandbox with faults — while killing the worker, then checks the invariants; then plays the same
 * stream through the naive lanes, each against a fresh sandbox with the same faults.
 */
public final class ChaosRun {

  private static final String NAMESPACE = "default";

  private final ChaosOptions options;
  private final PrintStream progress;

  public ChaosRun(ChaosOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs everything and answers the report; never throws for a broken invariant. */
  public ChaosReport run() throws IOException, InterruptedException {
    Files.createDirectories(options.dataDir());
    String tag = "s" + Long.toString(options.seed() & 0xffffffL, 36);
    ChaosPlan plan = ChaosPlan.generate(options.seed(), options.events(), tag);
    progress.printf(
        "chaos: %d events, %d deliveries, seed %d, data in %s%n",
        plan.events().size(), plan.deliveries(), plan.seed(), options.dataDir());
    long began = System.nanoTime();
    List<LaneResult> lanes = new ArrayList<>();
    OncelaneOutcome outcome = runOncelane(plan, lanes);
    double seconds = (System.nanoTime() - began) / 1e9;
    if (options.naiveLanes()) {
      for (int i = 0; i < 2; i++) {
        lanes.add(runNaive(plan, i));
      }
    }
    return new ChaosReport(
        plan.seed(),
        plan.events().size(),
        plan.deliveries(),
        outcome.kills(),
        outcome.temporal(),
        outcome.senderRetries(),
        outcome.invariants(),
        lanes,
        seconds,
        options.dataDir().toString());
  }

  private record OncelaneOutcome(
      int kills, String temporal, long senderRetries, List<Invariant> invariants) {}

  private OncelaneOutcome runOncelane(ChaosPlan plan, List<LaneResult> lanes)
      throws IOException, InterruptedException {
    try (BenchStack stack =
            BenchStack.start(
                options.temporalBinary(), options.dataDir(), NAMESPACE, sandboxOptions());
        WorkerProcess worker =
            WorkerProcess.forLane(
                options.workerJar(),
                stack.temporal().address(),
                NAMESPACE,
                stack.crm().baseUrl(),
                stack.ledgerUrl(),
                options.dataDir())) {
      SandboxServer crm = stack.crm();
      JdbcLedger ledger = stack.ledger();
      hide(crm, plan);
      worker.start();
      RelaySender sender = new RelaySender(stack.relay().port());
      Map<Integer, Long> answers = new HashMap<>();
      int kills = 0;
      List<List<PlannedEvent>> phases = plan.phases();
      boolean settled = true;
      for (int p = 0; p < phases.size(); p++) {
        List<PlannedEvent> phase = phases.get(p);
        progress.printf("oncelane: phase %d, %d deliveries%n", p + 1, phase.size());
        for (int status :
            PhaseSender.send(
                phase,
                e ->
                    sender.deliver(
                        e.key(), RelaySender.body(e.email(), e.properties(), e.occurredAt())))) {
          answers.merge(status, 1L, Long::sum);
        }
        // Kill the worker while the first phase is being worked off, spread over its progress.
        int killsNow = p == 0 ? options.workerKills() : 0;
        SettleResult result = awaitSettled(ledger, phase, worker, killsNow);
        kills += result.kills();
        settled &= result.settled();
      }
      List<Invariant> invariants = check(plan, ledger, crm, answers);
      CrmAudit audit = CrmAudit.of(plan, crm);
      long errors =
          answers.entrySet().stream()
              .filter(e -> e.getKey() != 200 && e.getKey() != 202)
              .mapToLong(Map.Entry::getValue)
              .sum();
      lanes.add(
          new LaneResult(
              "oncelane",
              audit.eventsLost(),
              errors,
              audit.callsPerEvent(plan.events()),
              audit.contactsDuplicated(),
              ledger.openReviews().size(),
              audit.newestValues()));
      return new OncelaneOutcome(
          kills,
          stack.temporal().durable() ? "temporal dev server" : "in-memory Temporal",
          sender.retried(),
          invariants);
    } catch (Exception e) {
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof InterruptedException ie) {
        throw ie;
      }
      throw new IllegalStateException(e);
    }
  }

  private record SettleResult(boolean settled, int kills) {}

  /**
   * Waits until every event of the phase is settled or in review, killing the worker on the way.
   */
  private SettleResult awaitSettled(
      JdbcLedger ledger, List<PlannedEvent> phase, WorkerProcess worker, int kills)
      throws IOException, InterruptedException {
    List<String> ids = phase.stream().map(e -> processingId(e)).distinct().toList();
    long deadline = System.nanoTime() + options.settleTimeout().toNanos();
    int killed = 0;
    long lastReport = 0;
    while (true) {
      long done = ids.stream().filter(id -> finished(ledger.find(id))).count();
      if (killed < kills && done >= (long) ids.size() * (killed + 1) / (kills + 1)) {
        killed++;
        progress.printf(
            "oncelane: SIGKILL worker pid %d at %d/%d settled; restarting%n",
            worker.pid(), done, ids.size());
        worker.killAndRestart();
        continue;
      }
      if (done == ids.size() && killed == kills) {
        return new SettleResult(true, killed);
      }
      if (System.nanoTime() > deadline) {
        progress.printf("oncelane: gave up waiting, %d/%d settled%n", done, ids.size());
        return new SettleResult(false, killed);
      }
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        lastReport = System.nanoTime();
        progress.printf("oncelane: %d/%d settled or in review%n", done, ids.size());
      }
      Thread.sleep(200);
    }
  }

  private static boolean finished(Optional<LedgerRow> row) {
    return row.isPresent()
        && (row.get().status().isSettled() || row.get().status() == SyncStatus.MANUAL_REVIEW);
  }

  private List<Invariant> check(
      ChaosPlan plan, JdbcLedger ledger, SandboxServer crm, Map<Integer, Long> answers) {
    List<Invariant> invariants = new ArrayList<>();
    long finished =
        plan.events().stream().filter(e -> finished(ledger.find(processingId(e)))).count();
    invariants.add(
        new Invariant(
            "every unique event ends settled or in review", finished, plan.events().size()));

    Map<String, Long> copies =
        crm.contacts().stream()
            .map(c -> String.valueOf(((Map<?, ?>) c.get("properties")).get("email")))
            .collect(Collectors.groupingBy(e -> e, Collectors.counting()));
    List<String> emails =
        plan.events().stream()
            .filter(PlannedEvent::valid)
            .map(PlannedEvent::email)
            .distinct()
            .toList();
    long once = emails.stream().filter(e -> copies.getOrDefault(e, 0L) == 1).count();
    invariants.add(
        new Invariant(
            "no contact duplicated (valid contacts present exactly once)", once, emails.size()));

    CrmAudit audit = CrmAudit.of(plan, crm);
    invariants.add(
        new Invariant(
            "every resubmission's values present at the end",
            audit.resubmissionsChecked() - audit.resubmissionsMissing(),
            audit.resubmissionsChecked()));
    invariants.add(
        new Invariant(
            "every out-of-order contact's properties equal the newest event's values",
            audit.newestValues().holding(),
            audit.newestValues().of()));

    long total = answers.values().stream().mapToLong(Long::longValue).sum();
    long acknowledged = answers.getOrDefault(202, 0L) + answers.getOrDefault(200, 0L);
    invariants.add(
        new Invariant(
            "every delivery answered 202 accepted or 200 duplicate", acknowledged, total));

    Map<String, String> inReview =
        ledger.openReviews().stream()
            .collect(Collectors.toMap(LedgerRow::processingId, r -> String.valueOf(r.reason())));
    long right = 0;
    for (PlannedEvent event : plan.events()) {
      String expected = expectedReview(event.kind());
      String actual = inReview.get(processingId(event));
      if (expected == null ? actual == null : expected.equals(actual)) {
        right++;
      }
    }
    invariants.add(
        new Invariant(
            "unresolvable events in review with the right reason, nothing else in review",
            right,
            plan.events().size()));
    return invariants;
  }

  private static String expectedReview(Kind kind) {
    return switch (kind) {
      case INVALID_EMAIL -> ReviewReason.VALIDATION_ERROR.code();
      case HIDDEN_CONFLICT -> ReviewReason.UNRESOLVED_CONFLICT.code();
      default -> null;
    };
  }

  private LaneResult runNaive(ChaosPlan plan, int which) throws IOException, InterruptedException {
    try (SandboxServer crm = sandbox()) {
      hide(crm, plan);
      NaiveLane lane = NaiveLane.all(crm.baseUrl(), SandboxOptions.DEFAULT_TOKEN).get(which);
      long errors = 0;
      for (int p = 0; p < plan.phases().size(); p++) {
        progress.printf("%s: phase %d%n", lane.name(), p + 1);
        for (boolean ok :
            PhaseSender.send(plan.phases().get(p), e -> lane.process(e.email(), e.properties()))) {
          errors += ok ? 0 : 1;
        }
      }
      CrmAudit audit = CrmAudit.of(plan, crm);
      return new LaneResult(
          lane.name(),
          audit.eventsLost(),
          errors,
          audit.callsPerEvent(plan.events()),
          audit.contactsDuplicated(),
          -1,
          audit.newestValues());
    }
  }

  private SandboxServer sandbox() {
    return SandboxServer.start(sandboxOptions());
  }

  private SandboxOptions sandboxOptions() {
    return SandboxOptions.defaults()
        .withPort(0)
        .withSeed(options.seed())
        .withFaults(options.faults());
  }

  /** Plants the contacts the CRM answers 409 for without an id and hides from every read. */
  private static void hide(SandboxServer crm, ChaosPlan plan)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    for (PlannedEvent event : plan.ofKind(Kind.HIDDEN_CONFLICT)) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(crm.baseUrl() + "/__sandbox/hidden-contacts"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString("{\"email\":\"" + event.email() + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() >= 300) {
        throw new IOException("the sandbox refused a hidden contact: " + answer.body());
      }
    }
  }

  private static String processingId(PlannedEvent event) {
    return "generic:" + event.key();
  }
}
