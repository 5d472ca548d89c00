package dev.oncelane.workers.bench.load;

import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.relay.RelayConfig;
import dev.oncelane.relay.RelayServer;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.bench.BenchStack;
import dev.oncelane.workers.bench.RelaySender;
import dev.oncelane.workers.bench.WorkerProcess;
import dev.oncelane.workers.bench.load.LoadReport.Machine;
import dev.oncelane.workers.bench.load.LoadReport.RepeatResult;
import dev.oncelane.workers.bench.load.OpenLoopSender.Delivery;
import dev.oncelane.workers.codec.CodecKeys;
import dev.oncelane.workers.codec.PayloadEncryption;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.temporal.TemporalEndpoint;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Measures oncelane under load, each repeat on a fresh stack: Temporal, a fault-free sandbox, a
 * SQLite ledger, the relay in this JVM, the lane's worker as its own process and the bare
 * workflow's worker in this JVM.
 *
 * <p>Per repeat: warm both lanes up; saturate the bare workflow and oncelane side by side (which
 * goes first alternates between repeats, so drift on a shared machine does not favour one); read
 * the worker's peak memory; stop the worker. With the codec measurement on, oncelane is saturated
 * once more with payload encryption on (a second relay and worker with a fresh AES-256 key; before
 * the plain one on even repeats, after it on odd ones). Then offer deliveries to the relay at each
 * rate, new events then duplicates of them. With no worker polling, those starts wait in Temporal
 * instead of competing with the relay for the CPU or leaking work into the next repeat.
 */
public final class LoadRun {

  private static final String NAMESPACE = "default";

  /** Deliveries in flight at once when saturating, as {@code bench chaos} sends. */
  static final int SENDERS = 16;

  private static final int WARM_UP_EVENTS = 30;

  /** Events on one contact: they take the contact's lock one after another. */
  static final int ONE_CONTACT_EVENTS = 100;

  /** How an event may end in a saturation run: written, or all its values already newer. */
  private static final Set<SyncStatus> FINISHED =
      EnumSet.of(SyncStatus.COMPLETED, SyncStatus.SKIPPED_STALE);

  private final LoadOptions options;
  private final PrintStream progress;

  public LoadRun(LoadOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs every repeat and answers the medians. */
  public LoadReport run() throws IOException, InterruptedException {
    Files.createDirectories(options.dataDir());
    double loadBefore = loadAverage();
    long began = System.nanoTime();
    String temporal =
        options.temporalBinary().isPresent() ? "temporal dev server" : "in-memory Temporal";
    List<RepeatResult> runs = new ArrayList<>();
    for (int r = 1; r <= options.repeats(); r++) {
      progress.printf("load: repeat %d/%d on the %s%n", r, options.repeats(), temporal);
      runs.add(runOnce(r));
    }
    Machine machine =
        new Machine(
            Runtime.getRuntime().availableProcessors(), memoryGib(), loadBefore, loadAverage());
    return new LoadReport(
        temporal,
        machine,
        options.repeats(),
        options.secondsPerRate(),
        medianAck(runs),
        medianSaturation(runs, RepeatResult::oncelane),
        medianSaturation(runs, RepeatResult::bare),
        median(runs, RepeatResult::ratio),
        median(runs, RepeatResult::crmCallsPerEvent),
        median(runs, RepeatResult::workerPeakRssMib),
        options.codec() ? medianSaturation(runs, RepeatResult::encrypted) : null,
        options.codec() ? median(runs, RepeatResult::encryptedRatio) : 0,
        options.codec() ? median(runs, RepeatResult::codecRatio) : 0,
        medianSaturation(runs, RepeatResult::oneContact),
        median(runs, RepeatResult::oneContactRatio),
        medianSaturation(runs, RepeatResult::withoutNewestWins),
        median(runs, RepeatResult::withoutNewestWinsRatio),
        median(runs, RepeatResult::newestWinsOverWithout),
        runs,
        (System.nanoTime() - began) / 1e9,
        options.dataDir().toString());
  }

  private RepeatResult runOnce(int repeat) throws IOException, InterruptedException {
    Path dir = options.dataDir().resolve("repeat-" + repeat);
    Files.createDirectories(dir);
    String benchKey = CodecKeys.generateKey();
    boolean codec = options.codec();
    try (BenchStack stack =
            BenchStack.start(options.temporalBinary(), dir, NAMESPACE, SandboxOptions.defaults());
        WorkerProcess worker =
            WorkerProcess.forLane(
                options.workerJar(),
                stack.temporal().address(),
                NAMESPACE,
                stack.crm().baseUrl(),
                stack.ledgerUrl(),
                dir);
        BareLane bare = new BareLane(stack.connection().client());
        TemporalConnection encryptingConnection =
            codec
                ? TemporalConnection.connect(
                    TemporalEndpoint.plain(stack.temporal().address(), NAMESPACE),
                    null,
                    PayloadEncryption.dataConverter(CodecKeys.parse("bench:" + benchKey, "bench")))
                : null;
        RelayServer encryptingRelay =
            codec
                ? RelayServer.start(
                    RelayConfig.builder().port(0).build(), encryptingConnection.client())
                : null;
        WorkerProcess encryptingWorker =
            codec
                ? worker.withEnv(
                    Map.of(CodecKeys.KEYS, "bench:" + benchKey, CodecKeys.ENCRYPT_KEY, "bench"),
                    "worker-codec")
                : null;
        WorkerProcess withoutNewestWinsWorker =
            worker.withEnv(
                Map.of(LaneEnvironment.WITHOUT_NEWEST_WINS, "true"),
                "worker-without-newest-wins")) {
      JdbcLedger ledger = stack.ledger();
      RelaySender sender = new RelaySender(stack.relay().port());
      Saturation encrypted = null;
      if (codec && repeat % 2 == 0) {
        encrypted = saturateEncrypted(encryptingWorker, encryptingRelay, ledger, repeat);
      }
      Saturation withoutNewestWins = null;
      if (repeat % 2 == 0) {
        withoutNewestWins =
            saturateWithoutNewestWins(withoutNewestWinsWorker, sender, ledger, repeat);
      }
      worker.start();
      // The first events also wait for the worker's JVM to start; keep them out of the figures.
      progress.println("load: warming up (worker start, JIT)");
      saturateOncelane(sender, ledger, "warm-" + repeat + "-", WARM_UP_EVENTS);
      bare.saturate("bare-warm-" + repeat + "-", WARM_UP_EVENTS, SENDERS, options.settleTimeout());

      Saturation oncelane;
      Saturation bareResult;
      long callsBefore = crmCalls(stack.crm());
      if (repeat % 2 == 1) {
        bareResult = saturateBare(bare, repeat);
        oncelane = saturateOncelane(sender, ledger, "load-" + repeat + "-", options.events());
      } else {
        oncelane = saturateOncelane(sender, ledger, "load-" + repeat + "-", options.events());
        bareResult = saturateBare(bare, repeat);
      }
      double callsPerEvent = (double) (crmCalls(stack.crm()) - callsBefore) / options.events();
      double peakMib = worker.peakResidentKib().orElse(0) / 1024.0;
      Saturation oneContact =
          saturateOncelane(
              sender,
              ledger,
              "one-" + repeat + "-",
              ONE_CONTACT_EVENTS,
              i -> "one-" + repeat + "@load.example");
      progress.printf(
          "load: oncelane, %d events on one contact: %.1f events/s%n",
          ONE_CONTACT_EVENTS, oneContact.eventsPerSecond());
      progress.printf(
          "load: oncelane %.1f events/s, bare %.1f/s; worker VmHWM %.0f MiB%n",
          oncelane.eventsPerSecond(), bareResult.eventsPerSecond(), peakMib);
      worker.close();
      if (repeat % 2 == 1) {
        withoutNewestWins =
            saturateWithoutNewestWins(withoutNewestWinsWorker, sender, ledger, repeat);
      }
      if (codec && repeat % 2 == 1) {
        encrypted = saturateEncrypted(encryptingWorker, encryptingRelay, ledger, repeat);
      }

      List<AckResult> ack = acknowledgements(stack.relay().port(), repeat);
      return RepeatResult.builder()
          .ack(ack)
          .oncelane(oncelane)
          .bare(bareResult)
          .crmCallsPerEvent(callsPerEvent)
          .workerPeakRssMib(peakMib)
          .encrypted(encrypted)
          .oneContact(oneContact)
          .withoutNewestWins(withoutNewestWins)
          .build();
    }
  }

  /**
   * oncelane with payload encryption on: its own worker process (the plain one is stopped, since a
   * worker without the key cannot read encrypted tasks) and relay, warmed up, then saturated.
   */
  private Saturation saturateEncrypted(
      WorkerProcess worker, RelayServer relay, JdbcLedger ledger, int repeat)
      throws IOException, InterruptedException {
    RelaySender sender = new RelaySender(relay.port());
    worker.start();
    progress.println("load: warming up oncelane with payload encryption");
    saturateOncelane(sender, ledger, "codec-warm-" + repeat + "-", WARM_UP_EVENTS);
    Saturation encrypted =
        saturateOncelane(sender, ledger, "codec-" + repeat + "-", options.events());
    progress.printf(
        "load: oncelane with payload encryption %.1f events/s%n", encrypted.eventsPerSecond());
    worker.close();
    return new Saturation(
        "oncelane-encrypted",
        encrypted.events(),
        encrypted.eventsPerSecond(),
        encrypted.p50Ms(),
        encrypted.p95Ms(),
        encrypted.unfinished());
  }

  /**
   * oncelane's "before" figure: the same relay, a worker process with {@link
   * LaneEnvironment#WITHOUT_NEWEST_WINS} on (no contact lock, no freshness; the plain worker is
   * stopped, so this one takes every task), warmed up, then saturated with distinct contacts.
   */
  private Saturation saturateWithoutNewestWins(
      WorkerProcess worker, RelaySender sender, JdbcLedger ledger, int repeat)
      throws IOException, InterruptedException {
    worker.start();
    progress.println("load: warming up oncelane without newest wins");
    saturateOncelane(sender, ledger, "lww-warm-" + repeat + "-", WARM_UP_EVENTS);
    Saturation result = saturateOncelane(sender, ledger, "lww-" + repeat + "-", options.events());
    progress.printf("load: oncelane without newest wins %.1f events/s%n", result.eventsPerSecond());
    worker.close();
    return new Saturation(
        "oncelane-without-newest-wins",
        result.events(),
        result.eventsPerSecond(),
        result.p50Ms(),
        result.p95Ms(),
        result.unfinished());
  }

  private Saturation saturateBare(BareLane bare, int repeat) throws InterruptedException {
    progress.printf("load: bare workflow, %d workflows%n", options.events());
    return bare.saturate(
        "bare-" + repeat + "-", options.events(), SENDERS, options.settleTimeout());
  }

  /**
   * Offers {@code count} new events through the relay from {@link #SENDERS} senders, then waits
   * until the ledger has settled all of them. Throughput runs from the first send to the last
   * settling write; latency from an event's ledger {@code created_at} to its settling write (its
   * row's {@code updated_at}, which no later step changes).
   */
  Saturation saturateOncelane(RelaySender sender, JdbcLedger ledger, String prefix, int count)
      throws InterruptedException {
    return saturateOncelane(sender, ledger, prefix, count, i -> prefix + i + "@load.example");
  }

  /**
   * As {@link #saturateOncelane(RelaySender, JdbcLedger, String, int)}, event {@code i} for the
   * contact {@code email.apply(i)}. An event counts as finished when it is {@code completed} or, on
   * a contact others write too, {@code skipped_stale}.
   */
  private Saturation saturateOncelane(
      RelaySender sender,
      JdbcLedger ledger,
      String prefix,
      int count,
      Function<Integer, String> email)
      throws InterruptedException {
    progress.printf("load: oncelane, %d events (%s…)%n", count, prefix);
    long firstSendMillis = System.currentTimeMillis();
    List<Integer> answers =
        inParallel(
            count,
            i ->
                sender.deliver(
                    prefix + i,
                    RelaySender.body(
                        email.apply(i),
                        Map.of("firstname", "Load", "lastname", "L" + i, "company", "Bench"))));
    long refused = answers.stream().filter(status -> status != 202).count();
    String idPrefix = "generic:" + prefix;
    long deadline = System.nanoTime() + options.settleTimeout().toNanos();
    List<LedgerRow> settled;
    while (true) {
      settled =
          ledger.createdSince(firstSendMillis).stream()
              .filter(row -> row.processingId().startsWith(idPrefix))
              .filter(row -> FINISHED.contains(row.status()))
              .toList();
      if (settled.size() + refused >= count || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(100);
    }
    long lastSettled =
        settled.stream().mapToLong(LedgerRow::updatedAtMillis).max().orElse(firstSendMillis);
    double[] latencies =
        settled.stream()
            .mapToDouble(row -> row.updatedAtMillis() - row.createdAtMillis())
            .toArray();
    return new Saturation(
        "oncelane",
        count,
        Stats.perSecond(settled.size(), (lastSettled - firstSendMillis) * 1_000_000L),
        latencies.length == 0 ? 0 : Stats.percentile(latencies, 50),
        latencies.length == 0 ? 0 : Stats.percentile(latencies, 95),
        count - settled.size());
  }

  private List<AckResult> acknowledgements(int relayPort, int repeat) throws InterruptedException {
    OpenLoopSender sender = new OpenLoopSender(relayPort, progress);
    int lowest = options.rates().get(0);
    sender.offer("warm-up", deliveries("ackwarm-" + repeat + "-", lowest), lowest, 202);
    List<AckResult> results = new ArrayList<>();
    for (int rate : options.rates()) {
      List<Delivery> fresh = deliveries("ack-" + repeat + "-" + rate + "-", rate);
      progress.printf(
          "load: relay acknowledgements at %d/s, %d new then the same again%n", rate, fresh.size());
      OpenLoopSender.Offered accepted = sender.offer("new", fresh, rate, 202);
      results.add(resend(relayPort, accepted, 202));
      // Only events that exist can be delivered again; a refused one's copy would be new.
      results.add(
          resend(
              relayPort, sender.offer("duplicate", accepted.answeredAsExpected(), rate, 200), 200));
    }
    return results;
  }

  /**
   * Sends the deliveries answered 503 again once the offer is over, from {@link #SENDERS} senders
   * that retry a 503 as webhook senders do. A new event must now be answered 202: had the 503 left
   * a run behind, its key would be a duplicate (200).
   */
  private AckResult resend(int relayPort, OpenLoopSender.Offered offered, int expectedStatus)
      throws InterruptedException {
    List<Delivery> again = offered.answered503();
    AckResult result = offered.result();
    if (again.isEmpty()) {
      return result;
    }
    progress.printf("load: sending the %d deliveries answered 503 again%n", again.size());
    RelaySender sender = new RelaySender(relayPort);
    List<Integer> statuses =
        inParallel(again.size(), i -> sender.deliver(again.get(i).key(), again.get(i).body()));
    int asExpected = (int) statuses.stream().filter(status -> status == expectedStatus).count();
    return new AckResult(
        result.kind(),
        result.offeredPerSecond(),
        result.achievedPerSecond(),
        result.p50Ms(),
        result.p95Ms(),
        result.p99Ms(),
        result.deliveries(),
        result.unexpected(),
        result.answers(),
        new AckResult.Resent(again.size(), asExpected, again.size() - asExpected));
  }

  private List<Delivery> deliveries(String prefix, int rate) {
    return IntStream.range(0, rate * options.secondsPerRate())
        .mapToObj(
            i ->
                new Delivery(
                    prefix + i,
                    RelaySender.body(
                        prefix + i + "@load.example",
                        Map.of("firstname", "Ack", "lastname", "A" + i))))
        .toList();
  }

  private static <T> List<T> inParallel(int count, Function<Integer, T> task)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a sender failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static long crmCalls(SandboxServer crm) {
    return crm.stats().values().stream()
        .flatMap(byStatus -> byStatus.values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  private static List<AckResult> medianAck(List<RepeatResult> runs) {
    List<AckResult> medians = new ArrayList<>();
    for (int row = 0; row < runs.get(0).ack().size(); row++) {
      int index = row;
      List<AckResult> rows = runs.stream().map(run -> run.ack().get(index)).toList();
      // Answers are counts, not latencies: the repeat that answered most unexpectedly shows them.
      AckResult worst =
          rows.stream().max(java.util.Comparator.comparingInt(AckResult::unexpected)).orElseThrow();
      medians.add(
          new AckResult(
              rows.get(0).kind(),
              rows.get(0).offeredPerSecond(),
              median(rows, AckResult::achievedPerSecond),
              median(rows, AckResult::p50Ms),
              median(rows, AckResult::p95Ms),
              median(rows, AckResult::p99Ms),
              rows.get(0).deliveries(),
              worst.unexpected(),
              worst.answers(),
              worst.resent()));
    }
    return medians;
  }

  private static Saturation medianSaturation(
      List<RepeatResult> runs, Function<RepeatResult, Saturation> which) {
    List<Saturation> rows = runs.stream().map(which).toList();
    return new Saturation(
        rows.get(0).lane(),
        rows.get(0).events(),
        median(rows, Saturation::eventsPerSecond),
        median(rows, Saturation::p50Ms),
        median(rows, Saturation::p95Ms),
        rows.stream().mapToInt(Saturation::unfinished).max().orElse(0));
  }

  private static <T> double median(List<T> rows, Function<T, Double> value) {
    return Stats.median(rows.stream().map(value).toList());
  }

  /** The 1-minute load average; -1 where the OS does not tell. */
  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double memoryGib() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(line -> line.startsWith("MemTotal:"))
              .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElse(0)
          / (1024.0 * 1024.0);
    } catch (IOException e) {
      return 0;
    }
  }
}
