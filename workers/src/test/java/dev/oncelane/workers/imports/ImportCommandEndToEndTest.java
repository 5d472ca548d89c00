package dev.oncelane.workers.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.imports.ImportManifest;
import dev.oncelane.activities.imports.ImportRow;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.metrics.WorkerMetrics;
import dev.oncelane.workers.temporal.InMemoryTemporal;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.temporal.TemporalEndpoint;
import dev.oncelane.workers.worker.LaneParts;
import dev.oncelane.workers.worker.LaneWorker;
import dev.oncelane.workers.worker.LaneWorkerOptions;
import dev.oncelane.workflows.imports.ImportWorkflow;
import dev.oncelane.workflows.policy.LaneSettings;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code oncelane import} and {@code import status} run in-process against a lane over real
 * sockets: port-bound in-memory Temporal, a worker running the lane and the import workflow, the
 * CRM activities against the sandbox, the SQLite ledger.
 */
class ImportCommandEndToEndTest {

  @TempDir static Path dataDir;

  private static final List<AutoCloseable> parts = new ArrayList<>();
  private static SandboxServer sandbox;
  private static String ledgerUrl;
  private static String temporalAddress;
  private static HikariDataSource data;
  private static WorkflowClient client;

  @BeforeAll
  static void startLane() throws IOException {
    InMemoryTemporal temporal = InMemoryTemporal.start(freePort(), "default");
    parts.add(temporal);
    temporalAddress = temporal.address();
    sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0));
    parts.add(sandbox);
    ledgerUrl = LedgerDataSources.defaultUrl(dataDir);
    data = LedgerDataSources.open(ledgerUrl);
    parts.add(data);
    LedgerSchema.create(data);
    WorkerMetrics metrics =
        WorkerMetrics.served("127.0.0.1", 0, new dev.oncelane.activities.ledger.JdbcLedger(data));
    parts.add(metrics);
    HubSpotClient hubSpot =
        new HubSpotClient(
            HubSpotConfig.of(sandbox.baseUrl(), SandboxOptions.DEFAULT_TOKEN), metrics.crmCalls());
    parts.add(hubSpot);
    TemporalConnection connection =
        TemporalConnection.connect(
            TemporalEndpoint.plain(temporal.address(), "default"), metrics.temporalScope());
    parts.add(connection);
    client = connection.client();
    LaneParts.ImportFeed feed =
        LaneParts.importFeed(LaneEnvironment.fromEnv(Map.of()), data, client);
    parts.add(feed);
    LaneSettings settings = new LaneSettings(Duration.ofHours(1), 1, Duration.ofMillis(50), 1);
    parts.add(
        LaneWorker.start(
            client,
            new CrmActivitiesImpl(hubSpot),
            metrics.ledgerActivities(),
            settings,
            LaneWorkerOptions.defaults().withImports(feed.activities())));
  }

  @AfterAll
  static void stopLane() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
  }

  @Test
  void anImportRunsInTheWorkersWritesTheResultFileAndRunAgainWritesNothing() throws Exception {
    Path file = dataDir.resolve("fair.csv");
    Files.writeString(
        file,
        "email,firstname,company\n"
            + "ada@example.com,Ada,Analytical\n"
            + "bob@,Bob,\n"
            + "cy@example.com,Cy,\n"
            + "ada@example.com,Ada,Analytical\n"
            + "dee@example.com,Dee\n"
            + "\"eve@example.com\",\"Eve\nthe second\",Ev\n",
        StandardCharsets.UTF_8);

    Run first = cli("import", file.toString(), "--name", "fair", "--by", "alice");

    assertEquals(OncelaneCli.EXIT_ROWS_NOT_COMPLETED, first.exitCode(), first.toString());
    assertTrue(
        first.out().contains("6 rows, 3 events to run, 2 invalid (lines 3, 6), 1 repeated"),
        first.toString());
    assertTrue(first.out().contains("started import:fair-"), first.toString());
    assertTrue(first.out().contains("done 3 | failed 0 | review 0"), first.toString());
    assertEquals(1, sandbox.contactCount("ada@example.com"));
    assertEquals(1, sandbox.contactCount("cy@example.com"));
    assertEquals(1, sandbox.contactCount("eve@example.com"));
    assertEquals(0, sandbox.contactCount("dee@example.com"));
    Path result = dataDir.resolve("fair.result.csv");
    assertEquals(
        List.of(
            "oncelane_line,oncelane_status,oncelane_reason,oncelane_message,email,firstname,company",
            "3,invalid,bad email 'bob@',,bob@,Bob,",
            "6,invalid,\"wrong column count: 2 values, the header has 3 columns\",,dee@example.com,Dee"),
        Files.readAllLines(result));

    String importId = importId(first.out());
    long crmCalls = crmCalls();
    Run again = cli("import", file.toString(), "--name", "fair", "--by", "bob");

    assertEquals(OncelaneCli.EXIT_ROWS_NOT_COMPLETED, again.exitCode(), again.toString());
    assertTrue(again.out().contains("already stored: " + importId), again.toString());
    assertEquals(crmCalls, crmCalls(), "the same import run again makes no CRM call");

    Path elsewhere = dataDir.resolve("status/fair.result.csv");
    Run status = cli("import", "status", importId, "--no-follow", "--result", elsewhere.toString());
    assertEquals(OncelaneCli.EXIT_ROWS_NOT_COMPLETED, status.exitCode(), status.toString());
    assertTrue(status.out().contains("submitted by alice"), status.toString());
    assertEquals(Files.readAllLines(result), Files.readAllLines(elsewhere));
  }

  @Test
  void aDetachedImportIsFollowedToTheEndByImportStatus() throws Exception {
    Path file = dataDir.resolve("clean.jsonl");
    Files.writeString(
        file,
        "{\"email\":\"fay@example.com\",\"firstname\":\"Fay\"}\n"
            + "{\"email\":\"gil@example.com\",\"firstname\":\"Gil\"}\n",
        StandardCharsets.UTF_8);

    Run submitted = cli("import", file.toString(), "--detach", "--max-in-flight", "1");
    assertEquals(0, submitted.exitCode(), submitted.toString());
    String importId = importId(submitted.out());
    assertTrue(
        submitted.out().contains("follow it with ./oncelane import status " + importId),
        submitted.toString());

    Run followed = cli("import", "status", importId);
    assertEquals(0, followed.exitCode(), followed.toString());
    assertTrue(followed.out().contains("every row completed"), followed.toString());
    assertEquals(1, sandbox.contactCount("fay@example.com"));
    assertEquals(1, sandbox.contactCount("gil@example.com"));
    assertFalse(Files.exists(dataDir.resolve("clean.result.jsonl")));
  }

  @Test
  void anUnknownImportOrAFileThatCannotBeReadIsRefused() throws Exception {
    Run unknown = cli("import", "status", "nothing-0123456789ab");
    assertEquals(OncelaneCli.EXIT_REFUSED, unknown.exitCode(), unknown.toString());
    assertTrue(unknown.err().contains("no import 'nothing-0123456789ab'"), unknown.toString());

    Path file = dataDir.resolve("list.txt");
    Files.writeString(file, "email\n");
    Run wrongKind = cli("import", file.toString());
    assertEquals(OncelaneCli.EXIT_REFUSED, wrongKind.exitCode(), wrongKind.toString());
    assertTrue(wrongKind.err().contains("reads .csv"), wrongKind.toString());

    Run noFile = cli("import");
    assertEquals(OncelaneCli.EXIT_USAGE, noFile.exitCode(), noFile.toString());
  }

  @Test
  void anImportWhoseRowsRunWasTerminatedEndsWithTheRowStalledInTheResultFile() throws Exception {
    Path file = dataDir.resolve("stall.csv");
    Files.writeString(file, "email,firstname\nstall@example.com,Stan\n", StandardCharsets.UTF_8);
    ImportStore store = new ImportStore(data);
    String importId;
    String processingId;
    // An outage holds the row's run in processing (CRM calls are retried without end) while the
    // import workflow, having started every row, completes; then the run is terminated.
    sandbox.setFaults(FaultConfig.none().withServerErrorRate(1.0));
    try {
      Run submitted = cli("import", file.toString(), "--detach");
      assertEquals(0, submitted.exitCode(), submitted.toString());
      importId = importId(submitted.out());
      String id = importId;
      awaitTrue(
          () ->
              store.progress(id).processing() == 1
                  && client
                          .newUntypedWorkflowStub(ImportWorkflow.workflowId(id))
                          .describe()
                          .getStatus()
                      == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      processingId = store.unfinished(importId).get(0).processingId();
      client.newUntypedWorkflowStub(processingId).terminate("a test ends the run unsettled");
    } finally {
      sandbox.setFaults(FaultConfig.none());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path result = dataDir.resolve("stall.result.csv");
    ImportFollower quick =
        new ImportFollower(store, client, Duration.ofMillis(20), Duration.ofMillis(200));

    int exit =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
                ImportCommand.followAndFinish(
                    store,
                    quick,
                    importId,
                    ImportFormat.of(file),
                    result,
                    ledgerUrl,
                    new PrintWriter(out, true),
                    new PrintWriter(err, true)));

    assertEquals(OncelaneCli.EXIT_ROWS_NOT_COMPLETED, exit, out + "\n" + err);
    assertTrue(
        out.toString()
            .contains(
                processingId
                    + "  processing, run terminated: ./oncelane rerun "
                    + processingId
                    + " starts it again"),
        out.toString());
    assertEquals(
        List.of(
            "oncelane_line,oncelane_status,oncelane_reason,oncelane_message,email,firstname",
            "2,stalled,run terminated,,stall@example.com,Stan"),
        Files.readAllLines(result));
  }

  @Test
  void anImportStoredInAnotherLedgerThanTheWorkersSaysSoWithOrWithoutFollowing() throws Exception {
    Path elsewhere = Files.createDirectories(dataDir.resolve("elsewhere"));
    String otherLedger = LedgerDataSources.defaultUrl(elsewhere);
    Path file = dataDir.resolve("astray.csv");
    Files.writeString(file, "email,firstname\nastray@example.com,Ann\n", StandardCharsets.UTF_8);
    Run submitted = cliOn(otherLedger, "import", file.toString(), "--detach");
    assertEquals(0, submitted.exitCode(), submitted.toString());
    String id = importId(submitted.out());
    awaitTrue(
        () ->
            client.newUntypedWorkflowStub(ImportWorkflow.workflowId(id)).describe().getStatus()
                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
    String plainly =
        "the workers' ledger has no import " + id + ": this CLI stored it in " + otherLedger;

    Run once = cliOn(otherLedger, "import", "status", id, "--no-follow");
    Run followed = cliOn(otherLedger, "import", "status", id);

    assertEquals(OncelaneCli.EXIT_REFUSED, once.exitCode(), once.toString());
    assertTrue(once.err().contains(plainly), once.toString());
    assertTrue(once.err().contains("ONCELANE_LEDGER_URL"), once.toString());
    assertEquals(OncelaneCli.EXIT_REFUSED, followed.exitCode(), followed.toString());
    assertTrue(followed.err().contains(plainly), followed.toString());
    assertFalse(followed.err().contains("run ./oncelane import <file> again"), followed.toString());
  }

  @Test
  void aLedgerBlipWhileFollowingIsWaitedOutWithALineSayingSo() throws Exception {
    new ImportStore(data)
        .save(
            new ImportManifest("blip-0123456789ab", "blip", "blip.csv", "sha", 1, 1, "alice", 1L),
            List.of(ImportRow.invalid(2, "no email", ",Bea")));
    AtomicInteger failures = new AtomicInteger(2);
    DataSource flaky =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getConnection") && failures.getAndDecrement() > 0) {
                    throw new SQLException("connection refused (a test's blip)");
                  }
                  try {
                    return method.invoke(data, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    List<String> notes = new ArrayList<>();

    ImportFollower.Followed followed =
        new ImportFollower(new ImportStore(flaky), client, Duration.ofMillis(10), Duration.ZERO)
            .follow("blip-0123456789ab", progress -> {}, notes::add);

    assertTrue(followed.finished(), followed.toString());
    assertEquals(2, notes.size(), notes.toString());
    assertTrue(notes.get(0).startsWith("the ledger is unreachable ("), notes.toString());
    assertTrue(notes.get(0).endsWith("still following, the import goes on in the workers"));
    assertEquals("the ledger answers again", notes.get(1));
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s");
      }
      Thread.sleep(50);
    }
  }

  private static String importId(String out) {
    int at = out.indexOf("import:") + "import:".length();
    return out.substring(at, out.indexOf(' ', at));
  }

  private static long crmCalls() {
    return sandbox.usage().values().stream().mapToLong(u -> u.requests()).sum();
  }

  private record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nout: " + out + "\nerr: " + err;
    }
  }

  private static Run cli(String... args) {
    return cliOn(ledgerUrl, args);
  }

  private static Run cliOn(String ledger, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (all.size() > 1 || !all.isEmpty() && !all.get(0).equals("import")) {
      all.addAll(List.of("--ledger-url", ledger, "--temporal-address", temporalAddress));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = OncelaneCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
