package dev.oncelane.workers.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.metrics.WorkerMetrics;
import dev.oncelane.workers.temporal.InMemoryTemporal;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.temporal.TemporalEndpoint;
import dev.oncelane.workers.worker.LaneWorker;
import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event driven into manual review and settled by an operator, over real sockets: port-bound
 * in-memory Temporal, the real workflow, the real CRM activities against the sandbox, the SQLite
 * ledger, and the CLI run in-process against them.
 */
class OperatorCommandsEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dataDir;

  private static final List<AutoCloseable> parts = new ArrayList<>();
  private static InMemoryTemporal temporal;
  private static SandboxServer sandbox;
  private static JdbcLedger ledger;
  private static WorkerMetrics metrics;
  private static WorkflowClient client;
  private static String ledgerUrl;

  @BeforeAll
  static void startLane() throws IOException {
    temporal = InMemoryTemporal.start(freePort(), "default");
    parts.add(temporal);
    sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0));
    parts.add(sandbox);
    ledgerUrl = LedgerDataSources.defaultUrl(dataDir);
    HikariDataSource data = LedgerDataSources.open(ledgerUrl);
    parts.add(data);
    LedgerSchema.create(data);
    ledger = new JdbcLedger(data);
    metrics = WorkerMetrics.served("127.0.0.1", 0, ledger);
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
    // One quick re-lookup after a 409 without an id, so the review comes in milliseconds.
    LaneSettings settings = new LaneSettings(Duration.ofHours(1), 1, Duration.ofMillis(50), 1);
    parts.add(
        LaneWorker.start(
            client, new CrmActivitiesImpl(hubSpot), metrics.ledgerActivities(), settings));
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
  void aConflictNobodyCanResolveIsListedRefusedWhenWrongAndSettledByAnOperator() throws Exception {
    String email = "hidden@example.com";
    sandboxPost("/__sandbox/hidden-contacts", "{\"email\":\"" + email + "\"}");
    String existingId =
        JSON.readTree(
                sandboxPost(
                    "/crm/v3/objects/contacts",
                    "{\"properties\":{\"email\":\"kept@example.com\",\"firstname\":\"Old\"}}"))
            .path("id")
            .asText();
    String id = "generic:evt-review";
    start(id, email, Map.of("firstname", "Ada"));

    awaitLedger(id, r -> r.status() == SyncStatus.MANUAL_REVIEW);

    CliRun list = cli("review", "list", "--json");
    assertEquals(0, list.exitCode(), list.toString());
    JsonNode listed = find(JSON.readTree(list.out()), id);
    assertEquals("unresolved_conflict", listed.path("reason").asText());
    assertEquals("generic", listed.path("source").asText());
    assertEquals(email, listed.path("key").asText());
    assertTrue(listed.path("crmMessage").asText().contains("already exists"), list.out());

    CliRun filteredOut = cli("review", "list", "--json", "--reason", "object_gone");
    assertEquals("[ ]", filteredOut.out().trim(), filteredOut.toString());

    CliRun refused = cli("review", "resolve", id, "--adopt", "999999", "--by", "alice");
    assertEquals(1, refused.exitCode(), refused.toString());
    assertTrue(refused.err().contains("no contact 999999"), refused.toString());

    CliRun live = cli("status", id, "--json");
    assertEquals(0, live.exitCode(), live.toString());
    assertEquals("manual_review", JSON.readTree(live.out()).path("live").path("status").asText());

    CliRun resolved =
        cli("review", "resolve", id, "--adopt", existingId, "--by", "alice", "--note", "same");
    assertEquals(0, resolved.exitCode(), resolved.toString());
    assertTrue(resolved.out().contains("resolved_after_409"), resolved.toString());

    CliRun status = cli("status", id, "--json");
    assertEquals(0, status.exitCode(), status.toString());
    JsonNode view = JSON.readTree(status.out());
    assertEquals("resolved_after_409", view.path("status").asText());
    assertEquals(existingId, view.path("crmId").asText());
    JsonNode last = view.path("trail").get(view.path("trail").size() - 1);
    assertEquals("alice", last.path("actor").asText());
    assertTrue(last.path("detail").asText().startsWith("adopt " + existingId), status.out());
    assertEquals("Ada", firstnameOf(existingId));

    CliRun again = cli("review", "resolve", id, "--discard", "--reason", "late", "--by", "bob");
    assertEquals(1, again.exitCode(), again.toString());
    assertTrue(again.err().contains("already resolved_after_409"), again.toString());

    String scrape = get("http://127.0.0.1:" + metrics.port().orElseThrow() + "/metrics");
    assertTrue(
        scrape.contains(
            "oncelane_event_outcomes_total{outcome=\"manual_review\",source=\"generic\"}"),
        scrape);
    assertTrue(
        scrape.contains(
            "oncelane_conflicts_total{resolution=\"manual_review\",source=\"generic\"}"),
        scrape);
    assertTrue(
        scrape.contains("oncelane_crm_requests_total{operation=\"createContact\",status=\"409\"}"),
        scrape);
    assertTrue(scrape.contains("oncelane_event_to_terminal_seconds_bucket"), scrape);
    assertTrue(scrape.contains("oncelane_reviews_open"), scrape);
  }

  @Test
  void reviewResolveGivesUpAfterItsTimeoutAndSaysWhereTheEventStands() {
    // An event in review whose workflow no worker runs: the Update can never be answered.
    String id = "generic:evt-unanswered";
    ContactEvent event =
        new ContactEvent(id, "generic", "unanswered@example.com", Map.of(), null, "hash-" + id);
    ledger.begin(event);
    ledger.record(
        new Transition(
            id,
            3,
            SyncStatus.PROCESSING,
            SyncStatus.MANUAL_REVIEW,
            System.currentTimeMillis(),
            Transition.LANE_ACTOR,
            "unresolved_conflict",
            null,
            "409 named no id",
            "Contact already exists.",
            1));
    ContactSyncWorkflow idle =
        client.newWorkflowStub(
            ContactSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue("nobody-polls-this")
                .build());
    WorkflowClient.start(idle::sync, event);

    long started = System.nanoTime();
    CliRun run =
        cli("review", "resolve", id, "--discard", "--reason", "x", "--by", "al", "--timeout", "2s");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertEquals(OncelaneCli.EXIT_NO_ANSWER, run.exitCode(), run.toString());
    assertTrue(run.err().contains("did not answer within 2s"), run.toString());
    assertTrue(run.err().contains("ledger: manual_review (unresolved_conflict)"), run.toString());
    assertTrue(run.err().contains("last step #3 by oncelane: 409 named no id"), run.toString());
    assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);

    CliRun usage = cli("review", "resolve", id, "--retry", "--by", "al", "--timeout", "soon");
    assertEquals(OncelaneCli.EXIT_USAGE, usage.exitCode(), usage.toString());
  }

  @Test
  void aRunTerminatedInReviewIsShownAsNotRunningAndRerunStartsItFromItsInput() throws Exception {
    String email = "terminated@example.com";
    sandboxPost("/__sandbox/hidden-contacts", "{\"email\":\"" + email + "\"}");
    String id = "generic:evt-terminated";
    start(id, email, Map.of("firstname", "Tess"));
    awaitLedger(id, r -> r.status() == SyncStatus.MANUAL_REVIEW);
    String firstRun = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
    client.newUntypedWorkflowStub(id).terminate("operator test");

    CliRun status = cli("status", id, "--json");
    JsonNode view = JSON.readTree(status.out());
    assertEquals("terminated", view.path("run").asText(), status.out());
    assertTrue(view.path("liveNote").asText().contains("nothing is processing"), status.out());
    CliRun text = cli("status", id);
    assertTrue(text.out().contains("NOT RUNNING"), text.toString());

    int stepsBefore = ledger.trail(id).size();
    CliRun rerun = cli("rerun", id, "--by", "alice", "--reason", "worker was stuck");

    assertEquals(0, rerun.exitCode(), rerun.toString());
    String secondRun = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
    assertTrue(!secondRun.equals(firstRun), "a new run of the same workflow id");
    Instant deadline = Instant.now().plusSeconds(30);
    while (ledger.trail(id).size() == stepsBefore && Instant.now().isBefore(deadline)) {
      Thread.sleep(25);
    }
    assertEquals(SyncStatus.MANUAL_REVIEW, ledger.trail(id).get(stepsBefore).to());
    client.newUntypedWorkflowStub(id).terminate("test over");
  }

  @Test
  void rerunOfAFailedEventBeyondRetentionStartsFromTheLedgersPayloadAsTheOperatorsStep() {
    String id = "generic:evt-failed";
    ContactEvent event =
        new ContactEvent(id, "generic", "failed@example.com", Map.of("firstname", "F"), null, "h1");
    ledger.begin(event);
    ledger.record(
        new Transition(
            id,
            3,
            SyncStatus.PROCESSING,
            SyncStatus.FAILED,
            System.currentTimeMillis(),
            Transition.LANE_ACTOR,
            ReviewReason.LANE_ERROR.code(),
            null,
            "failed",
            "CrmUnexpected: boom",
            0));

    CliRun rerun = cli("rerun", id, "--by", "alice", "--reason", "CRM fixed");

    assertEquals(0, rerun.exitCode(), rerun.toString());
    awaitLedger(id, r -> r.status() == SyncStatus.COMPLETED);
    List<Transition> trail = ledger.trail(id);
    assertEquals(SyncStatus.FAILED, trail.get(3).from());
    assertEquals(SyncStatus.PROCESSING, trail.get(3).to());
    assertEquals("alice", trail.get(3).actor());
    assertEquals("rerun: CRM fixed (oncelane rerun)", trail.get(3).detail());
    assertEquals("F", firstnameOf(ledger.find(id).orElseThrow().crmId()));
  }

  @Test
  void rerunOfAnEventThatDidNotFailIsRefused() throws Exception {
    String id = "generic:evt-fine";
    start(id, "fine@example.com", Map.of());
    awaitLedger(id, r -> r.status() == SyncStatus.COMPLETED);

    CliRun rerun = cli("rerun", id, "--by", "alice");

    assertEquals(1, rerun.exitCode(), rerun.toString());
    assertTrue(rerun.err().contains("is completed"), rerun.toString());
    assertTrue(rerun.err().contains("only a failed event runs again"), rerun.toString());
  }

  @Test
  void statusShowsAReusedKeysDifferencesAndMarksARewrittenStep() throws Exception {
    String id = "generic:evt-reused";
    ledger.begin(new ContactEvent(id, "generic", "kim@example.com", Map.of("a", "1"), null, "h1"));
    ledger.record(step(id, 3, SyncStatus.PROCESSING, SyncStatus.COMPLETED, null, null));
    ledger.record(step(id, 3, SyncStatus.PROCESSING, SyncStatus.FAILED, "lane_error", null));
    EventPayload redelivered =
        new EventPayload("generic", "kim@example.com", Map.of("a", "2", "b", "x"), null);
    ledger.record(
        step(id, 5, SyncStatus.FAILED, SyncStatus.MANUAL_REVIEW, "key_reused", redelivered));

    CliRun json = cli("status", id, "--json");
    CliRun text = cli("status", id);

    JsonNode view = JSON.readTree(json.out());
    JsonNode differences = view.path("keyReused");
    assertEquals(2, differences.size(), json.out());
    assertEquals("properties.a", differences.get(0).path("field").asText());
    assertEquals("1", differences.get(0).path("stored").asText());
    assertEquals("2", differences.get(0).path("redelivered").asText());
    assertEquals(3, view.path("trail").get(3).path("rewrites").asInt(), json.out());
    assertTrue(text.out().contains("key reused"), text.out());
    assertTrue(text.out().contains("[REWRITES #3]"), text.out());
  }

  private static Transition step(
      String id, int seq, SyncStatus from, SyncStatus to, String reason, EventPayload payload) {
    return new Transition(
        id,
        seq,
        from,
        to,
        System.currentTimeMillis(),
        Transition.LANE_ACTOR,
        reason,
        null,
        "step",
        payload == null ? null : payload.toJson(),
        0);
  }

  @Test
  void statusOfAnUnknownKeyExitsOneAndSaysWhere() {
    CliRun run = cli("status", "generic:nothing-here");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("no event 'generic:nothing-here'"), run.toString());
  }

  @Test
  void statusByEmailListsEveryEventAboutIt() throws Exception {
    start("generic:evt-email-1", "twice@example.com", Map.of("firstname", "One"));
    awaitLedger("generic:evt-email-1", r -> r.status() == SyncStatus.COMPLETED);
    start("generic:evt-email-2", "twice@example.com", Map.of("firstname", "Two"));
    awaitLedger("generic:evt-email-2", r -> r.status() == SyncStatus.COMPLETED);

    CliRun run = cli("status", "Twice@Example.com", "--json");

    assertEquals(0, run.exitCode(), run.toString());
    JsonNode views = JSON.readTree(run.out());
    assertEquals(2, views.size());
    assertEquals("completed", views.get(1).path("status").asText());
    assertEquals(views.get(0).path("crmId"), views.get(1).path("crmId"));
    JsonNode firstname = views.get(1).path("contactProperties").get(0);
    assertEquals("firstname", firstname.path("property").asText());
    assertEquals("generic:evt-email-2", firstname.path("event").asText());
    CliRun text = cli("status", "twice@example.com");
    assertTrue(
        text.out().contains("each property's value from")
            && text.out().matches("(?s).*firstname\\s+generic:evt-email-2  event time .*"),
        text.out());
  }

  private static CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--temporal-address",
            temporal.address(),
            "--namespace",
            "default",
            "--ledger-url",
            ledgerUrl));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static void start(String id, String email, Map<String, String> properties) {
    ContactSyncWorkflow workflow =
        client.newWorkflowStub(
            ContactSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
                .build());
    WorkflowClient.start(
        workflow::sync, new ContactEvent(id, "generic", email, properties, null, "hash-" + id));
  }

  private static JsonNode find(JsonNode array, String processingId) {
    for (JsonNode n : array) {
      if (processingId.equals(n.path("processingId").asText())) {
        return n;
      }
    }
    throw new AssertionError(processingId + " not in " + array);
  }

  private static String firstnameOf(String crmId) {
    return sandbox.contacts().stream()
        .filter(c -> crmId.equals(String.valueOf(c.get("id"))))
        .map(c -> String.valueOf(((Map<?, ?>) c.get("properties")).get("firstname")))
        .findFirst()
        .orElseThrow();
  }

  private static String sandboxPost(String path, String body) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + SandboxOptions.DEFAULT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(answer.statusCode() / 100 == 2, path + " answered " + answer.statusCode());
    return answer.body();
  }

  private static String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static LedgerRow awaitLedger(String id, Predicate<LedgerRow> done) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      Optional<LedgerRow> row = ledger.find(id).filter(done);
      if (row.isPresent()) {
        return row.get();
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(id + " did not reach the expected state: " + ledger.find(id));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
