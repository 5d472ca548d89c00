package dev.oncelane.workers.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerActivitiesImpl;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.temporal.InMemoryTemporal;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.temporal.TemporalEndpoint;
import dev.oncelane.workers.worker.LaneWorker;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code oncelane replay} over real sockets: port-bound in-memory Temporal, the real workflow and
 * CRM activities against the sandbox, the SQLite ledger, the CLI run in-process. Events the
 * selection tests choose were first seen in 2020 (a fixed ledger clock), so {@code --until 2021}
 * keeps them apart from the events the other tests run now.
 */
class ReplayCommandEndToEndTest {

  private static final String BEFORE_2021 = "2021-01-01T00:00:00Z";
  private static final Pattern LISTED =
      Pattern.compile("^\\s+(?:would )?(rerun|skip)\\s+(\\S+)", Pattern.MULTILINE);
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dataDir;

  private static final List<AutoCloseable> parts = new ArrayList<>();
  private static InMemoryTemporal temporal;
  private static SandboxServer sandbox;
  private static HikariDataSource data;
  private static JdbcLedger ledger;
  private static WorkflowClient client;
  private static String ledgerUrl;

  @BeforeAll
  static void startLane() throws IOException {
    temporal = InMemoryTemporal.start(freePort(), "default");
    parts.add(temporal);
    sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0));
    parts.add(sandbox);
    ledgerUrl = LedgerDataSources.defaultUrl(dataDir);
    data = LedgerDataSources.open(ledgerUrl);
    parts.add(data);
    LedgerSchema.create(data);
    ledger = new JdbcLedger(data);
    HubSpotClient hubSpot =
        new HubSpotClient(HubSpotConfig.of(sandbox.baseUrl(), SandboxOptions.DEFAULT_TOKEN));
    parts.add(hubSpot);
    TemporalConnection connection =
        TemporalConnection.connect(TemporalEndpoint.plain(temporal.address(), "default"), null);
    parts.add(connection);
    client = connection.client();
    parts.add(
        LaneWorker.start(
            client,
            new CrmActivitiesImpl(hubSpot),
            new LedgerActivitiesImpl(ledger),
            LaneSettings.defaults()));
    // Chosen by the selection tests, never run: a, b failed; c discarded after review.
    seedFailed("typeform:sel-a", "typeform", "2020-01-01T00:00:00Z");
    seedFailed("generic:sel-b", "generic", "2020-06-01T00:00:00Z");
    seedDiscarded("generic:sel-c", "2020-07-01T00:00:00Z");
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
  void eachSelectorChoosesItsEventsAndGivenTogetherTheyMustAllHold() throws IOException {
    assertEquals(
        Set.of("typeform:sel-a", "generic:sel-b"),
        listed("--status", "failed", "--until", BEFORE_2021));
    assertEquals(
        Set.of("generic:sel-c"), listed("--reason", "validation_error", "--until", BEFORE_2021));
    assertEquals(Set.of("typeform:sel-a"), listed("--source", "typeform", "--until", BEFORE_2021));
    assertEquals(
        Set.of("generic:sel-b", "generic:sel-c"),
        listed("--since", "2020-03-01T00:00:00Z", "--until", BEFORE_2021));
    assertEquals(Set.of(), listed("--since", "1h", "--until", BEFORE_2021));
    assertEquals(
        Set.of("typeform:sel-a", "generic:sel-c"), listed("--ids", "typeform:sel-a,generic:sel-c"));
    Path file = dataDir.resolve("ids.txt");
    Files.writeString(file, "generic:sel-b\n# not this one: typeform:sel-a\n\ngeneric:sel-none\n");
    assertEquals(
        Set.of("generic:sel-b", "generic:sel-none"), listed("--ids-file", file.toString()));
    assertEquals(
        Set.of("generic:sel-b", "generic:sel-c"),
        listed("--status", "failed,discarded", "--source", "generic", "--until", BEFORE_2021));
    assertEquals(
        Set.of("generic:sel-b"),
        listed(
            "--status",
            "failed",
            "--status",
            "completed",
            "--source",
            "generic",
            "--until",
            BEFORE_2021));
  }

  @Test
  void withoutASelectorOrWithAnUnknownStatusReplayIsAUsageError() {
    CliRun none = cli("replay", "--dry-run");
    CliRun unknown = cli("replay", "--status", "broken");
    CliRun badTime = cli("replay", "--since", "yesterday");

    assertEquals(OncelaneCli.EXIT_USAGE, none.exitCode(), none.toString());
    assertTrue(none.err().contains("at least one of --status"), none.toString());
    assertEquals(OncelaneCli.EXIT_USAGE, unknown.exitCode(), unknown.toString());
    assertEquals(OncelaneCli.EXIT_USAGE, badTime.exitCode(), badTime.toString());
    assertTrue(
        badTime.err().contains("--since: 'yesterday' is neither an age"), badTime.toString());
    assertFalse(badTime.err().contains("--since: --since"), badTime.toString());
  }

  @Test
  void aSourceTheLedgerHasNoEventFromIsWarnedOfWithTheSourcesItHas() {
    CliRun misspelt = cli("replay", "--dry-run", "--source", "typeforms,generic");

    assertEquals(0, misspelt.exitCode(), misspelt.toString());
    assertTrue(
        misspelt
            .out()
            .matches(
                "(?s).*warning: --source typeforms: the ledger has no event from it \\(it has:"
                    + " [^)]*generic, [^)]*typeform[^)]*\\).*"),
        misspelt.out());
    assertFalse(misspelt.out().contains("--source generic:"), misspelt.out());
  }

  @Test
  void aDryRunListsWhatWouldRunAndWhyTheRestWouldBeSkippedAndChangesNothing() {
    List<String> ids = List.of("typeform:sel-a", "generic:sel-b", "generic:sel-c");
    List<Optional<LedgerRow>> rowsBefore = ids.stream().map(ledger::find).toList();
    List<List<Transition>> trailsBefore = ids.stream().map(ledger::trail).toList();
    AtomicInteger acquired = new AtomicInteger();

    CliRun run =
        replay(
            rate -> acquired::incrementAndGet, "--until", BEFORE_2021, "--dry-run", "--by", "al");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("dry run: nothing is started or changed"), run.out());
    assertTrue(
        run.out().matches("(?s).*would rerun\\s+typeform:sel-a\\s+failed \\(lane_error\\).*"),
        run.out());
    assertTrue(
        run.out()
            .contains(
                "would skip   generic:sel-c  discarded: settled; --force (or --properties) runs it"
                    + " again"),
        run.out());
    assertTrue(
        run.out().contains("would rerun 2, skipped 1 (settled without --force 1)"), run.out());
    assertEquals(rowsBefore, ids.stream().map(ledger::find).toList());
    assertEquals(trailsBefore, ids.stream().map(ledger::trail).toList());
    assertEquals(0, acquired.get(), "a dry run starts nothing, so it is never paced");
    for (String id : ids) {
      assertThrows(
          WorkflowNotFoundException.class,
          () -> client.newUntypedWorkflowStub(id).describe(),
          id + " was never started");
    }
  }

  @Test
  void failedEventsRunAgainAsTheOperatorsStepsEachStartPacedAtTheGivenRate() {
    List<String> ids = List.of("generic:pace-1", "generic:pace-2", "generic:pace-3");
    for (String id : ids) {
      seedFailed(id, "generic", "2019-05-01T00:00:00Z");
    }
    List<Double> rates = new ArrayList<>();
    AtomicInteger acquired = new AtomicInteger();

    CliRun run =
        replay(
            rate -> {
              rates.add(rate);
              return acquired::incrementAndGet;
            },
            "--status",
            "failed",
            "--until",
            "2019-12-31T00:00:00Z",
            "--rate",
            "5",
            "--by",
            "alice",
            "--why",
            "CRM back");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("rerun 3, skipped 0"), run.out());
    assertEquals(List.of(5.0), rates);
    assertEquals(3, acquired.get(), "one paced permit per start");
    for (String id : ids) {
      List<Transition> trail = awaitTrail(id, t -> last(t).to() == SyncStatus.COMPLETED);
      assertEquals(SyncStatus.FAILED, trail.get(3).from());
      assertEquals(SyncStatus.PROCESSING, trail.get(3).to());
      assertEquals("alice", trail.get(3).actor());
      assertEquals("rerun: CRM back (oncelane replay)", trail.get(3).detail());
      // Beyond retention the input is the ledger's event, accepted when the ledger first saw it.
      assertEquals(
          Instant.parse("2019-05-01T00:00:00Z").toEpochMilli(), input(id).acceptedAt(), id);
    }

    CliRun again = cli("replay", "--status", "failed", "--until", "2019-12-31T00:00:00Z");
    assertTrue(again.out().contains("rerun 0, skipped 0"), "replay again: nothing is failed now");
  }

  @Test
  void aCompletedEventIsSkippedWithoutForceAndRunsAgainWithIt() throws Exception {
    String id = "generic:force-1";
    start(id, "force@example.com", Map.of("firstname", "Ada"), null);
    LedgerRow done = awaitLedger(id, r -> r.status() == SyncStatus.COMPLETED);
    awaitClosed(id);
    patchContact(done.crmId(), Map.of("firstname", "lost in an outage"));
    int steps = ledger.trail(id).size();

    CliRun skipped = cli("replay", "--ids", id, "--by", "bob");

    assertEquals(0, skipped.exitCode(), skipped.toString());
    assertTrue(
        skipped.out().contains("rerun 0, skipped 1 (settled without --force 1)"), skipped.out());
    assertEquals(steps, ledger.trail(id).size());

    CliRun forced = cli("replay", "--ids", id, "--force", "--by", "bob", "--why", "restore");

    assertEquals(0, forced.exitCode(), forced.toString());
    List<Transition> trail =
        awaitTrail(id, t -> t.size() > steps + 1 && last(t).to() == SyncStatus.COMPLETED);
    Transition back = trail.get(steps);
    assertEquals(SyncStatus.COMPLETED, back.from());
    assertEquals(SyncStatus.PROCESSING, back.to());
    assertEquals("bob", back.actor());
    assertEquals("forced rerun: restore", back.detail());
    assertEquals("Ada", property(done.crmId(), "firstname"));
    assertEquals(1, sandbox.contactCount("force@example.com"));
  }

  @Test
  void aBackfillWritesOnlyTheNamedPropertiesAndKeepsWhatANewerEventWroteAndWarnsOfAMissingOne()
      throws Exception {
    String older = "generic:bf-old";
    start(
        older,
        "backfill@example.com",
        Map.of("firstname", "OLD", "lastname", "Lovelace", "city", "London"),
        "2026-11-01T10:00:00Z");
    LedgerRow done = awaitLedger(older, r -> r.status() == SyncStatus.COMPLETED);
    start(
        "generic:bf-new",
        "backfill@example.com",
        Map.of("firstname", "NEW"),
        "2026-11-02T10:00:00Z");
    awaitLedger("generic:bf-new", r -> r.status() == SyncStatus.COMPLETED);
    awaitClosed(older);
    patchContact(done.crmId(), Map.of("lastname", "wrong", "city", "Paris"));
    int steps = ledger.trail(older).size();

    CliRun dry =
        cli("replay", "--ids", older, "--properties", "firstname,lastname,nosuchprop", "--dry-run");
    CliRun run =
        cli(
            "replay",
            "--ids",
            older,
            "--properties",
            "firstname,lastname,nosuchprop",
            "--by",
            "carol");

    assertTrue(
        dry.out().contains("would backfill firstname,lastname,nosuchprop on  " + older),
        dry.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(
        run.out().contains("warning: nosuchprop: not in 1 of the 1 selected events"),
        run.toString());
    assertFalse(run.out().contains("warning: firstname"), run.toString());
    List<Transition> trail =
        awaitTrail(older, t -> t.size() > steps + 1 && last(t).to() == SyncStatus.COMPLETED);
    assertEquals("carol", trail.get(steps).actor());
    assertEquals("backfill: firstname,lastname", trail.get(steps).detail());
    assertTrue(
        last(trail).detail().contains("firstname kept: newer value from generic:bf-new"),
        last(trail).detail());
    assertEquals("Lovelace", property(done.crmId(), "lastname"));
    assertEquals("NEW", property(done.crmId(), "firstname"), "the newer event's value stays");
    assertEquals("Paris", property(done.crmId(), "city"), "a property not named is not written");
    assertEquals(Map.of("firstname", "OLD", "lastname", "Lovelace"), input(older).properties());
  }

  // --- the ledger as the selection tests need it ----------------------------------------------

  private static JdbcLedger ledgerAt(String instant) {
    return new JdbcLedger(data, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  private static void seedFailed(String id, String source, String firstSeen) {
    JdbcLedger at = ledgerAt(firstSeen);
    at.begin(event(id, source));
    at.record(
        new Transition(
            id,
            3,
            SyncStatus.PROCESSING,
            SyncStatus.FAILED,
            Instant.parse(firstSeen).toEpochMilli(),
            Transition.LANE_ACTOR,
            ReviewReason.LANE_ERROR.code(),
            null,
            "failed: the lane could not handle CrmUnexpected",
            "CrmUnexpected: boom",
            0));
  }

  private static void seedDiscarded(String id, String firstSeen) {
    JdbcLedger at = ledgerAt(firstSeen);
    at.begin(event(id, "generic"));
    long t = Instant.parse(firstSeen).toEpochMilli();
    at.record(
        new Transition(
            id,
            3,
            SyncStatus.PROCESSING,
            SyncStatus.MANUAL_REVIEW,
            t,
            Transition.LANE_ACTOR,
            ReviewReason.VALIDATION_ERROR.code(),
            null,
            "the CRM refused the values",
            "bad",
            1));
    at.record(
        new Transition(
            id,
            4,
            SyncStatus.MANUAL_REVIEW,
            SyncStatus.DISCARDED,
            t,
            "al",
            null,
            null,
            "x",
            null,
            1));
  }

  private static ContactEvent event(String id, String source) {
    String email = id.substring(id.indexOf(':') + 1) + "@example.com";
    return new ContactEvent(id, source, email, Map.of("firstname", "F"), null, "hash-" + id);
  }

  // --- running the CLI -------------------------------------------------------------------------

  private static Set<String> listed(String... selection) {
    List<String> args = new ArrayList<>(List.of("replay", "--dry-run"));
    args.addAll(List.of(selection));
    CliRun run = cli(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.toString());
    Set<String> ids = new LinkedHashSet<>();
    Matcher m = LISTED.matcher(run.out());
    while (m.find()) {
      ids.add(m.group(2));
    }
    return ids;
  }

  private static CliRun cli(String... args) {
    return CliRun.of(withLane(args));
  }

  /** Runs {@code replay} with the pacing a test chose. */
  private static CliRun replay(DoubleFunction<ReplayCommand.StartPacer> pacing, String... args) {
    ReplayCommand command = new ReplayCommand();
    command.pacing = pacing;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = withLane(args);
    int code = cli.execute(all);
    return new CliRun(code, out.toString(), err.toString());
  }

  private static String[] withLane(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--temporal-address",
            temporal.address(),
            "--namespace",
            "default",
            "--ledger-url",
            ledgerUrl));
    return all.toArray(String[]::new);
  }

  // --- the lane --------------------------------------------------------------------------------

  private static void start(
      String id, String email, Map<String, String> properties, String occurredAt) {
    ContactSyncWorkflow workflow =
        client.newWorkflowStub(
            ContactSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
                .build());
    WorkflowClient.start(
        workflow::sync,
        new ContactEvent(id, "generic", email, properties, occurredAt, "hash-" + id)
            .withAcceptedAt(System.currentTimeMillis()));
  }

  /** The input of the event's last run, from its history. */
  private static ContactEvent input(String id) {
    Payloads payloads =
        client
            .fetchHistory(id)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput();
    return client
        .getOptions()
        .getDataConverter()
        .fromPayloads(0, Optional.of(payloads), ContactEvent.class, ContactEvent.class);
  }

  private static void awaitClosed(String id) {
    await(
        id + " closing",
        () ->
            Optional.of(client.newUntypedWorkflowStub(id).describe().getStatus())
                .filter(s -> s != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING));
  }

  private static LedgerRow awaitLedger(String id, Predicate<LedgerRow> done) {
    return await(id + " in the ledger", () -> ledger.find(id).filter(done));
  }

  private static List<Transition> awaitTrail(String id, Predicate<List<Transition>> done) {
    return await(id + "'s trail", () -> Optional.of(ledger.trail(id)).filter(done));
  }

  private static <T> T await(String what, Supplier<Optional<T>> probe) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(what + " did not come within 30 s");
  }

  private static Transition last(List<Transition> trail) {
    return trail.get(trail.size() - 1);
  }

  // --- the sandbox -----------------------------------------------------------------------------

  private static void patchContact(String crmId, Map<String, String> properties) throws Exception {
    String body = new ObjectMapper().writeValueAsString(Map.of("properties", properties));
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(sandbox.baseUrl() + "/crm/v3/objects/contacts/" + crmId))
                .header("Authorization", "Bearer " + SandboxOptions.DEFAULT_TOKEN)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
  }

  private static String property(String crmId, String name) {
    return sandbox.contacts().stream()
        .filter(c -> crmId.equals(String.valueOf(c.get("id"))))
        .map(c -> String.valueOf(((Map<?, ?>) c.get("properties")).get(name)))
        .findFirst()
        .orElseThrow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
