package dev.oncelane.workers.bench.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.bench.BenchStack;
import dev.oncelane.workers.bench.RelaySender;
import dev.oncelane.workers.bench.WorkerProcess;
import dev.oncelane.workers.bench.imports.ImportBenchReport.Check;
import dev.oncelane.workers.bench.imports.ImportBenchReport.Half;
import dev.oncelane.workers.bench.imports.ImportBenchReport.ReImport;
import dev.oncelane.workers.bench.imports.ImportBenchReport.SettleLatency;
import dev.oncelane.workers.bench.imports.ProofRows.ProofRow;
import dev.oncelane.workers.bench.load.CrmLimitRun;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Issue #13's import proof and {@code bench import}, on one stack (Temporal, the sandbox with
 * HubSpot's burst limit and the faults, a SQLite ledger, the relay in this JVM, the lane's worker
 * as its own process), in this order:
 *
 * <ol>
 *   <li>the contacts the rows call existing are created in the CRM with other values, for both
 *       halves; then the faults and the limit go on;
 *   <li>a trickle of live webhooks with the lane otherwise idle (the latency to compare with);
 *   <li><b>import</b>: the generated CSV imported as Temporal work ({@code oncelane import}'s own
 *       entry point), the trickle running beside it, the worker SIGKILLed and restarted once at the
 *       given fraction of settled events; then the result file's invalid lines and the CRM's
 *       contacts are checked;
 *   <li><b>re-import</b>: the same file again, counting the CRM requests it makes (must write
 *       nothing);
 *   <li><b>webhooks</b>: the same rows under another email domain sent through the relay from
 *       {@value #SENDERS} senders, the worker killed at the same fraction, the contacts checked.
 * </ol>
 *
 * Both halves run on the same stack minutes apart; rows/s and CRM calls per row are reported side
 * by side.
 */
public final class ImportRun {

  static final String IMPORT_DOMAIN = "import.example";
  static final String WEBHOOK_DOMAIN = "webhook.example";
  static final String LIVE_DOMAIN = "live.example";

  /** Webhook deliveries in flight at once, as {@code bench load} sends. */
  static final int SENDERS = 16;

  private static final String NAMESPACE = "default";
  private static final int TRICKLE_ALONE = 10;
  private static final int WARM_UP_EVENTS = 10;
  private static final int SEED_BATCH = 100;
  private static final Set<SyncStatus> WRITTEN =
      EnumSet.of(SyncStatus.COMPLETED, SyncStatus.RESOLVED_AFTER_409, SyncStatus.SKIPPED_STALE);

  private final ImportBenchOptions options;
  private final PrintStream progress;

  public ImportRun(ImportBenchOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs both halves and the checks; never throws for a check that fails. */
  public ImportBenchReport run() throws IOException, InterruptedException {
    Path dir = options.dataDir();
    Files.createDirectories(dir);
    long began = System.nanoTime();
    ProofRows importRows = ProofRows.generate(options.seed(), options.rows(), IMPORT_DOMAIN);
    ProofRows webhookRows = ProofRows.generate(options.seed(), options.rows(), WEBHOOK_DOMAIN);
    Path file = dir.resolve("proof-" + options.rows() + ".csv");
    Files.writeString(file, importRows.csv(), StandardCharsets.UTF_8);
    progress.printf(
        "import: %d rows in %s (%d invalid, %d repeated, %d existing), seed %d%n",
        importRows.rows().size(),
        file,
        importRows.ofKind(ProofRows.Kind.INVALID_EMAIL).size(),
        importRows.ofKind(ProofRows.Kind.REPEATED).size(),
        importRows.ofKind(ProofRows.Kind.EXISTING).size(),
        options.seed());
    SandboxOptions sandbox = SandboxOptions.defaults().withPort(0).withSeed(options.seed());
    try (BenchStack stack = BenchStack.start(options.temporalBinary(), dir, NAMESPACE, sandbox);
        WorkerProcess worker =
            WorkerProcess.forLane(
                    options.workerJar(),
                    stack.temporal().address(),
                    NAMESPACE,
                    stack.crm().baseUrl(),
                    stack.ledgerUrl(),
                    dir)
                .withEnv(
                    Map.of(CrmLimitRun.BUDGET_ENV, Integer.toString(options.crmLimit())),
                    "worker")) {
      SandboxServer crm = stack.crm();
      JdbcLedger ledger = stack.ledger();
      RelaySender sender = new RelaySender(stack.relay().port());
      seedExisting(crm, importRows.existingContacts());
      seedExisting(crm, webhookRows.existingContacts());
      crm.setFaults(options.faults().withRateLimitPer10s(options.crmLimit()));
      worker.start();
      progress.println("import: warming up (worker start, JIT)");
      Trickle warmUp = new Trickle(sender, "warm-", LIVE_DOMAIN);
      try (warmUp) {
        warmUp.start(WARM_UP_EVENTS);
        awaitSent(warmUp, WARM_UP_EVENTS);
        warmUp.stop();
        warmUp.await(ledger, options.settleTimeout());
      }

      SettleLatency alone = null;
      if (options.trickle()) {
        progress.printf(
            "import: %d live webhooks alone, one every %d s%n",
            TRICKLE_ALONE, Trickle.PERIOD.toSeconds());
        try (Trickle trickle = new Trickle(sender, "live-alone-", LIVE_DOMAIN)) {
          trickle.start(TRICKLE_ALONE);
          awaitSent(trickle, TRICKLE_ALONE);
          trickle.stop();
          alone = trickle.await(ledger, options.settleTimeout());
        }
      }

      ImportHalf imported = importHalf(stack, worker, file, importRows);
      ReImport reImport = reImport(stack, file, imported.importId());
      Half webhooks = options.webhooks() ? webhookHalf(stack, worker, webhookRows) : null;

      List<Check> checks = new ArrayList<>();
      Half half = imported.half();
      checks.add(
          Check.counted(
              "import: every valid row's values present once in the CRM",
              half.contacts().presentOnce(),
              half.contacts().expected()));
      checks.add(
          new Check(
              "import: no contact duplicated",
              half.contacts().duplicated() == 0,
              half.contacts().duplicated() + " beyond the first"));
      checks.add(
          Check.counted(
              "import: every event settled with its values written",
              half.completed(),
              half.events()));
      checks.add(
          Check.counted(
              "import: every invalid row in the result file with its line number",
              imported.invalidLinesReported(),
              importRows.invalidLines().size()));
      checks.add(
          new Check(
              "import: the worker was killed and restarted as asked",
              half.workerKills() == (options.kills() ? 1 : 0),
              half.workerKills() + " kill(s)"));
      checks.add(
          new Check(
              "re-import of the same file: same import, 0 CRM writes",
              reImport.sameImport() && reImport.calls().writes() == 0 && reImport.started() == 0,
              reImport.calls().writes()
                  + " writes, "
                  + reImport.calls().requests()
                  + " requests, "
                  + reImport.started()
                  + " started"));
      if (webhooks != null) {
        checks.add(
            Check.counted(
                "webhooks: every valid row's values present once in the CRM",
                webhooks.contacts().presentOnce(),
                webhooks.contacts().expected()));
        checks.add(
            new Check(
                "webhooks: no contact duplicated",
                webhooks.contacts().duplicated() == 0,
                webhooks.contacts().duplicated() + " beyond the first"));
        checks.add(
            Check.counted(
                "webhooks: every event settled or in review (invalid emails: the CRM refuses)",
                webhooks.completed() + webhooks.inReview(),
                webhooks.events()));
      }
      return new ImportBenchReport(
          stack.temporal().durable() ? "temporal dev server" : "in-memory Temporal",
          ImportBenchReport.FileRows.of(importRows),
          options.crmLimit(),
          describe(options.faults()),
          half,
          reImport,
          webhooks,
          alone,
          imported.liveDuring(),
          checks,
          (System.nanoTime() - began) / 1e9,
          dir.toString());
    }
  }

  /** The import half's figures, and what only it has. */
  private record ImportHalf(
      String importId, Half half, int invalidLinesReported, SettleLatency liveDuring) {}

  private ImportHalf importHalf(BenchStack stack, WorkerProcess worker, Path file, ProofRows rows)
      throws IOException, InterruptedException {
    SandboxServer crm = stack.crm();
    JdbcLedger ledger = stack.ledger();
    ImportEntry entry = new ImportEntry(stack, options.maxInFlight());
    progress.printf("import: importing %s%n", file.getFileName());
    Trickle trickle =
        options.trickle()
            ? new Trickle(new RelaySender(stack.relay().port()), "live-import-", LIVE_DOMAIN)
            : null;
    try {
      CrmCalls before = CrmCalls.of(crm.stats());
      long startMillis = System.currentTimeMillis();
      if (trickle != null) {
        trickle.start(0);
      }
      ImportEntry.Submitted submitted = entry.submit(file);
      int kills =
          awaitSettled(
              "import",
              worker,
              () -> {
                ImportEntry.Counts counts = entry.counts(submitted.importId());
                return new Settling(counts.settled(), counts.events(), counts.finished());
              });
      SettleLatency during = null;
      if (trickle != null) {
        trickle.stop();
        during = trickle.await(ledger, options.settleTimeout());
      }
      CrmCalls calls = CrmCalls.of(crm.stats()).minus(before);
      List<LedgerRow> events =
          ledger.createdSince(startMillis).stream()
              .filter(row -> row.processingId().startsWith("import:"))
              .toList();
      ContactAudit contacts = ContactAudit.of(rows, crm.contacts());
      List<Integer> reported = entry.invalidLinesInResult(submitted.importId(), file);
      int matching = (int) rows.invalidLines().stream().filter(reported::contains).count();
      progress.printf(
          "import: settled; %d of %d invalid lines in the result file%n",
          matching, rows.invalidLines().size());
      Half half =
          half(
              "import",
              rows,
              rows.expectedContacts().size(),
              startMillis,
              calls,
              events,
              kills,
              contacts);
      return new ImportHalf(submitted.importId(), half, matching, during);
    } finally {
      if (trickle != null) {
        trickle.close();
      }
    }
  }

  private ReImport reImport(BenchStack stack, Path file, String importId) throws IOException {
    progress.println("import: importing the same file again");
    ImportEntry entry = new ImportEntry(stack, options.maxInFlight());
    CrmCalls before = CrmCalls.of(stack.crm().stats());
    ImportEntry.Submitted again = entry.submit(file);
    ImportEntry.Fed fed = entry.awaitFed(again.importId(), options.settleTimeout());
    CrmCalls calls = CrmCalls.of(stack.crm().stats()).minus(before);
    progress.printf(
        "import: again: %d started, %d already run, %d CRM requests%n",
        fed.started(), fed.duplicates(), calls.requests());
    return new ReImport(again.importId().equals(importId), fed.started(), fed.duplicates(), calls);
  }

  private Half webhookHalf(BenchStack stack, WorkerProcess worker, ProofRows rows)
      throws IOException, InterruptedException {
    SandboxServer crm = stack.crm();
    JdbcLedger ledger = stack.ledger();
    RelaySender sender = new RelaySender(stack.relay().port());
    String prefix = "wh-" + options.seed() + "-";
    Map<String, ProofRow> byKey = new LinkedHashMap<>();
    rows.rows().forEach(row -> byKey.putIfAbsent(prefix + rowKey(row), row));
    progress.printf(
        "webhooks: sending %d rows (%d distinct) from %d senders%n",
        rows.rows().size(), byKey.size(), SENDERS);
    CrmCalls before = CrmCalls.of(crm.stats());
    long startMillis = System.currentTimeMillis();
    String idPrefix = "generic:" + prefix;
    int kills;
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      // Every row is delivered, a repeated one under its original's key, as a source would.
      List<Future<Integer>> answers = new ArrayList<>();
      for (ProofRow row : rows.rows()) {
        answers.add(
            senders.submit(
                () ->
                    sender.deliver(
                        prefix + rowKey(row), RelaySender.body(row.email(), row.properties()))));
      }
      kills =
          awaitSettled(
              "webhooks",
              worker,
              () -> {
                long finished =
                    ledger.createdSince(startMillis).stream()
                        .filter(row -> row.processingId().startsWith(idPrefix))
                        .filter(ImportRun::settledOrInReview)
                        .count();
                return new Settling(finished, byKey.size(), finished >= byKey.size());
              });
      long refused = 0;
      for (Future<Integer> answer : answers) {
        int status = answer.get();
        refused += status == 202 || status == 200 ? 0 : 1;
      }
      if (refused > 0) {
        progress.printf("webhooks: %d deliveries refused%n", refused);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a sender failed", e.getCause());
    } finally {
      senders.shutdownNow();
    }
    CrmCalls calls = CrmCalls.of(crm.stats()).minus(before);
    List<LedgerRow> events =
        ledger.createdSince(startMillis).stream()
            .filter(row -> row.processingId().startsWith(idPrefix))
            .toList();
    return half(
        "webhooks",
        rows,
        byKey.size(),
        startMillis,
        calls,
        events,
        kills,
        ContactAudit.of(rows, crm.contacts()));
  }

  private static boolean settledOrInReview(LedgerRow row) {
    return row.status().isSettled() || row.status() == SyncStatus.MANUAL_REVIEW;
  }

  private static Half half(
      String lane,
      ProofRows rows,
      int distinct,
      long startMillis,
      CrmCalls calls,
      List<LedgerRow> events,
      int kills,
      ContactAudit contacts) {
    long last = events.stream().mapToLong(LedgerRow::updatedAtMillis).max().orElse(startMillis);
    int completed = (int) events.stream().filter(row -> WRITTEN.contains(row.status())).count();
    int inReview =
        (int) events.stream().filter(row -> row.status() == SyncStatus.MANUAL_REVIEW).count();
    return new Half(
        lane,
        rows.rows().size(),
        distinct,
        (last - startMillis) / 1000.0,
        calls,
        completed,
        inReview,
        distinct - completed - inReview,
        kills,
        contacts);
  }

  /** How far a half is: events settled (or in review) of all, and whether it is over. */
  private record Settling(long settled, long of, boolean finished) {}

  /**
   * Polls {@code settling} until the half is finished or the settle timeout passes, SIGKILLing and
   * restarting the worker once when the kill fraction of its events has settled.
   *
   * @return the kills made
   */
  private int awaitSettled(String lane, WorkerProcess worker, Supplier<Settling> settling)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + options.settleTimeout().toNanos();
    int kills = 0;
    long lastReport = System.nanoTime();
    while (true) {
      Settling now = settling.get();
      if (kills == 0
          && options.kills()
          && now.of() > 0
          && now.settled() >= Math.ceil(now.of() * options.killWorkerAt())) {
        kills++;
        progress.printf(
            "%s: SIGKILL worker pid %d at %d/%d settled; restarting%n",
            lane, worker.pid(), now.settled(), now.of());
        worker.killAndRestart();
        continue;
      }
      if (now.finished() && (kills == 1 || !options.kills())) {
        return kills;
      }
      if (System.nanoTime() > deadline) {
        progress.printf("%s: gave up waiting, %d/%d settled%n", lane, now.settled(), now.of());
        return kills;
      }
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        lastReport = System.nanoTime();
        progress.printf("%s: %d/%d settled or in review%n", lane, now.settled(), now.of());
      }
      Thread.sleep(500);
    }
  }

  private void awaitSent(Trickle trickle, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Trickle.PERIOD.multipliedBy(count + 20).toNanos();
    while (!trickle.sent(count) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  /** The webhook key of a row: a repeated row has its original's, as its import key does. */
  static String rowKey(ProofRow row) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(row.csv().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** Creates each email as a contact with {@link ProofRows#SEEDED_VALUES}, in batches. */
  private void seedExisting(SandboxServer crm, List<String> emails)
      throws IOException, InterruptedException {
    ObjectMapper json = new ObjectMapper();
    HttpClient http = HttpClient.newHttpClient();
    for (int from = 0; from < emails.size(); from += SEED_BATCH) {
      List<Map<String, Object>> inputs = new ArrayList<>();
      for (String email : emails.subList(from, Math.min(emails.size(), from + SEED_BATCH))) {
        Map<String, String> properties = new LinkedHashMap<>(ProofRows.SEEDED_VALUES);
        properties.put("email", email);
        inputs.add(Map.of("properties", properties));
      }
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(crm.baseUrl() + "/crm/v3/objects/contacts/batch/create"))
                  .header("Authorization", "Bearer " + SandboxOptions.DEFAULT_TOKEN)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          json.writeValueAsString(Map.of("inputs", inputs))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() >= 300) {
        throw new IOException("the sandbox refused the existing contacts: " + answer.body());
      }
    }
    progress.printf("import: %d existing contacts created in the CRM%n", emails.size());
  }

  private static String describe(FaultConfig faults) {
    return String.format(
        java.util.Locale.ROOT,
        "commit-then-drop %.2f, 5xx %.2f, search lag %d ms, latency %d–%d ms",
        faults.commitThenDropRate(),
        faults.serverErrorRate(),
        faults.searchLagMs(),
        faults.latencyMinMs(),
        faults.latencyMaxMs());
  }
}
