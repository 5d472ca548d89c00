package dev.oncelane.activities.crm.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.crm.CrmBudgetWaitExceeded;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.hubspot.HubSpotContact;
import dev.oncelane.activities.hubspot.HubSpotTransportException;
import dev.oncelane.workflows.crm.ConflictDetails;
import dev.oncelane.workflows.crm.CrmFailures;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher against a scripted HubSpot over real HTTP: answers matched back whatever their order,
 * one email once per batch, whole-batch refusals split down to the row at fault, batch failures
 * shared by every row, flushes at the input limit, the window and the budget.
 */
class CrmBatcherTest {

  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable c : open) {
      c.close();
    }
    callers.shutdownNow();
  }

  @Test
  void lookupsByEmailAreMatchedBackByCaseFoldedEmailWhateverTheAnswersOrder() throws Exception {
    ScriptedHubSpot hubSpot =
        hubSpot(
            call -> {
              if (!call.path().endsWith("/batch/read")) {
                return new ScriptedHubSpot.Answer(500, "{}");
              }
              ObjectNode body = ScriptedHubSpot.JSON.createObjectNode();
              ArrayNode results = body.putArray("results");
              List<String> emails = new ArrayList<>();
              call.body().path("inputs").forEach(i -> emails.add(i.path("id").asText()));
              Collections.reverse(emails); // HubSpot keeps no order
              ArrayNode missing = ScriptedHubSpot.JSON.createArrayNode();
              for (String email : emails) {
                if (email.toLowerCase(Locale.ROOT).startsWith("nobody")) {
                  missing.add(email);
                } else {
                  // HubSpot answers with the stored (lower-case) email.
                  results.add(contact(idFor(email), email.toLowerCase(Locale.ROOT)));
                }
              }
              ObjectNode error = body.putArray("errors").addObject();
              error.put("status", "error").put("category", "OBJECT_NOT_FOUND");
              error.putObject("context").set("ids", missing);
              return new ScriptedHubSpot.Answer(207, body.toString());
            });
    GateBudget budget = new GateBudget();
    CrmBatcher batcher = batcher(hubSpot, budget, CrmBatchConfig.defaults());

    List<String> emails =
        List.of(
            "Ada@Example.com",
            "bob@example.com",
            "nobody@example.com",
            "CAROL@example.com",
            "dan@example.com");
    List<CompletableFuture<Optional<HubSpotContact>>> answers = new ArrayList<>();
    for (String email : emails) {
      answers.add(async(() -> batcher.findContactByEmail(email)));
    }
    awaitQueued(batcher, 5);
    budget.grant(1);

    for (int i = 0; i < emails.size(); i++) {
      Optional<HubSpotContact> answer = answers.get(i).get(10, TimeUnit.SECONDS);
      if (emails.get(i).startsWith("nobody")) {
        assertTrue(answer.isEmpty(), "a missing contact is no contact");
      } else {
        assertEquals(idFor(emails.get(i)), answer.orElseThrow().id(), emails.get(i));
      }
    }
    assertEquals(1, hubSpot.calls.size(), "one batch call for five lookups");
    assertEquals(5, hubSpot.calls.get(0).body().path("inputs").size());
    assertEquals("email", hubSpot.calls.get(0).body().path("idProperty").asText());
  }

  @Test
  void twoLookupsOfOneEmailShareAnInputAndBothGetTheAnswer() throws Exception {
    ScriptedHubSpot hubSpot = echoingReads();
    GateBudget budget = new GateBudget();
    CrmBatcher batcher = batcher(hubSpot, budget, CrmBatchConfig.defaults());
    var a = async(() -> batcher.findContactByEmail("ada@example.com"));
    var b = async(() -> batcher.findContactByEmail("ADA@example.com"));
    var c = async(() -> batcher.findContactByEmail("bob@example.com"));
    awaitQueued(batcher, 3);
    budget.grant(1);
    assertEquals(idFor("ada@example.com"), a.get(10, TimeUnit.SECONDS).orElseThrow().id());
    assertEquals(idFor("ada@example.com"), b.get(10, TimeUnit.SECONDS).orElseThrow().id());
    assertEquals(idFor("bob@example.com"), c.get(10, TimeUnit.SECONDS).orElseThrow().id());
    assertEquals(1, hubSpot.calls.size());
    assertEquals(2, hubSpot.calls.get(0).body().path("inputs").size());
  }

  @Test
  void createsAreMatchedByTraceIdAndOneEmailNeverGoesTwiceInOneBatch() throws Exception {
    AtomicInteger ids = new AtomicInteger(100);
    ScriptedHubSpot hubSpot =
        hubSpot(
            call -> {
              if (call.path().endsWith("/objects/contacts")) { // a single create
                String email = call.body().path("properties").path("email").asText();
                return new ScriptedHubSpot.Answer(
                    201, contact(String.valueOf(ids.incrementAndGet()), email).toString());
              }
              ObjectNode body = ScriptedHubSpot.JSON.createObjectNode();
              ArrayNode results = body.putArray("results");
              List<JsonNode> inputs = new ArrayList<>();
              call.body().path("inputs").forEach(inputs::add);
              Collections.reverse(inputs);
              Set<String> emails = new HashSet<>();
              for (JsonNode input : inputs) {
                String email = input.path("properties").path("email").asText();
                assertTrue(
                    emails.add(email.toLowerCase(Locale.ROOT)), "an email twice in one batch");
                ObjectNode record = contact(String.valueOf(ids.incrementAndGet()), email);
                record.put("objectWriteTraceId", input.path("objectWriteTraceId").asText());
                results.add(record);
              }
              return new ScriptedHubSpot.Answer(201, body.toString());
            });
    GateBudget budget = new GateBudget();
    CrmBatcher batcher = batcher(hubSpot, budget, CrmBatchConfig.defaults());
    var first = async(() -> batcher.createContact(Map.of("email", "ada@example.com", "n", "1")));
    var other = async(() -> batcher.createContact(Map.of("email", "bob@example.com", "n", "2")));
    var again = async(() -> batcher.createContact(Map.of("email", "ADA@example.com", "n", "3")));
    awaitQueued(batcher, 3);
    budget.grant(1);
    assertEquals("ada@example.com", first.get(10, TimeUnit.SECONDS).properties().get("email"));
    assertEquals("bob@example.com", other.get(10, TimeUnit.SECONDS).properties().get("email"));
    assertFalse(again.isDone(), "the second create of an email waits for the next request");
    budget.grant(1);
    assertEquals("ADA@example.com", again.get(10, TimeUnit.SECONDS).properties().get("email"));
    assertEquals(2, hubSpot.calls.size());
    assertTrue(hubSpot.calls.get(0).path().endsWith("/batch/create"));
    assertTrue(hubSpot.calls.get(1).path().endsWith("/objects/contacts"), "alone: a single call");
  }

  @Test
  void aBatchCreateRefusedWholeWith409IsSplitUntilTheExistingEmailGetsItsOwnConflict()
      throws Exception {
    String existing = "taken@example.com";
    AtomicInteger ids = new AtomicInteger(500);
    ScriptedHubSpot hubSpot =
        hubSpot(
            call -> {
              if (call.path().endsWith("/objects/contacts")) { // the single create
                String email = call.body().path("properties").path("email").asText();
                if (email.equals(existing)) {
                  return new ScriptedHubSpot.Answer(
                      409,
                      "{\"status\":\"error\",\"category\":\"CONFLICT\","
                          + "\"message\":\"Contact already exists. Existing ID: 77\"}");
                }
                return new ScriptedHubSpot.Answer(
                    201, contact(String.valueOf(ids.incrementAndGet()), email).toString());
              }
              ObjectNode body = ScriptedHubSpot.JSON.createObjectNode();
              ArrayNode results = body.putArray("results");
              for (JsonNode input : call.body().path("inputs")) {
                String email = input.path("properties").path("email").asText();
                if (email.equals(existing)) {
                  // As integrators report: a 409 for the whole batch instead of a 207.
                  return new ScriptedHubSpot.Answer(
                      409,
                      "{\"status\":\"error\",\"category\":\"CONFLICT\","
                          + "\"message\":\"Contact already exists. Existing ID: 77\"}");
                }
                results.add(contact(String.valueOf(ids.incrementAndGet()), email));
              }
              return new ScriptedHubSpot.Answer(201, body.toString());
            });
    GateBudget budget = new GateBudget();
    CrmBatcher batcher = batcher(hubSpot, budget, CrmBatchConfig.defaults());
    CrmActivitiesImpl crm = new CrmActivitiesImpl(batcher, () -> 1, null, p -> {});
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      emails.add("new" + i + "@example.com");
    }
    emails.add(3, existing);
    List<CompletableFuture<?>> answers = new ArrayList<>();
    for (String email : emails) {
      answers.add(async(() -> crm.create(Map.of("email", email))));
    }
    awaitQueued(batcher, 8);
    budget.grant(100);

    for (int i = 0; i < emails.size(); i++) {
      if (emails.get(i).equals(existing)) {
        ApplicationFailure f = failure(answers.get(i));
        assertEquals(CrmFailures.CONFLICT, f.getType());
        assertTrue(f.isNonRetryable());
        assertEquals("77", f.getDetails().get(ConflictDetails.class).existingId());
      } else {
        answers.get(i).get(10, TimeUnit.SECONDS);
      }
    }
    Set<Set<String>> batchesSent = new HashSet<>();
    for (ScriptedHubSpot.Call call : hubSpot.callsTo("/batch/create")) {
      Set<String> inputs = new HashSet<>();
      call.body()
          .path("inputs")
          .forEach(i -> inputs.add(i.path("properties").path("email").asText()));
      assertTrue(batchesSent.add(inputs), "a batch was sent again as it was: " + inputs);
    }
    List<String> alone =
        hubSpot.callsTo("/objects/contacts").stream()
            .map(c -> c.body().path("properties").path("email").asText())
            .toList();
    assertTrue(alone.contains(existing), "the refused row ends alone, in a single call");
    assertTrue(
        hubSpot.calls.size() < emails.size(),
        "halving costs fewer requests than one per row: " + hubSpot.calls.size());
  }

  @Test
  void aBatchRefusedWholeWith400ForOneInvalidEmailLeavesTheValidationErrorToThatRowAlone()
      throws Exception {
    ScriptedHubSpot hubSpot =
        hubSpot(
            call -> {
              List<JsonNode> inputs = new ArrayList<>();
              if (call.body().has("inputs")) {
                call.body().path("inputs").forEach(inputs::add);
              } else {
                inputs.add(call.body());
              }
              ObjectNode body = ScriptedHubSpot.JSON.createObjectNode();
              ArrayNode results = body.putArray("results");
              for (JsonNode input : inputs) {
                String email = input.path("properties").path("email").asText();
                if (!email.contains("@")) {
                  return new ScriptedHubSpot.Answer(
                      400,
                      "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\",\"message\":"
                          + "\"Property values were not valid: [{\\\"isValid\\\":false,"
                          + "\\\"message\\\":\\\"Email address x is invalid\\\","
                          + "\\\"error\\\":\\\"INVALID_EMAIL\\\",\\\"name\\\":\\\"email\\\"}]\"}");
                }
                results.add(contact(idFor(email), email));
              }
              return new ScriptedHubSpot.Answer(
                  201, call.body().has("inputs") ? body.toString() : results.get(0).toString());
            });
    GateBudget budget = new GateBudget();
    CrmBatcher batcher = batcher(hubSpot, budget, CrmBatchConfig.defaults());
    CrmActivitiesImpl crm = new CrmActivitiesImpl(batcher, () -> 1, null, p -> {});
    List<String> emails =
        List.of("a@example.com", "b@example.com", "not-an-email", "c@example.com");
    List<CompletableFuture<?>> answers = new ArrayList<>();
    for (String email : emails) {
      answers.add(async(() -> crm.create(Map.of("email", email))));
    }
    awaitQueued(batcher, 4);
    budget.grant(100);
    for (int i = 0; i < emails.size(); i++) {
      if (emails.get(i).equals("not-an-email")) {
        ApplicationFailure f = failure(answers.get(i));
        assertEquals(CrmFailures.VALIDATION, f.getType());
      } else {
        answers.get(i).get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aServerErrorOnABatchFailsEveryRowAsRetryableUnavailable() throws Exception {
    ScriptedHubSpot hubSpot =
        hubSpot(call -> new ScriptedHubSpot.Answer(503, "{\"message\":\"try later\"}"));
    GateBudget budget = new GateBudget();
    CrmBatcher batcher = batcher(hubSpot, budget, CrmBatchConfig.defaults());
    CrmActivitiesImpl crm = new CrmActivitiesImpl(batcher, () -> 1, null, p -> {});
    List<CompletableFuture<?>> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String email = "u" + i + "@example.com";
      answers.add(
          async(
              () ->
                  crm.update(
                      String.valueOf(10 + Integer.parseInt(email.substring(1, 2))),
                      Map.of("firstname", "X"))));
    }
    awaitQueued(batcher, 4);
    budget.grant(100);
    for (CompletableFuture<?> answer : answers) {
      ApplicationFailure f = failure(answer);
      assertEquals(CrmFailures.UNAVAILABLE, f.getType());
      assertFalse(f.isNonRetryable());
    }
    assertEquals(1, hubSpot.calls.size(), "never replayed: the workflow's retry does that");
    assertTrue(hubSpot.calls.get(0).path().endsWith("/batch/update"));
  }

  @Test
  void aRowsOwnErrorInA207ReachesOnlyThatRowWithTheSingleCallsType() throws Exception {
    ScriptedHubSpot hubSpot =
        hubSpot(
            call -> {
              ObjectNode body = ScriptedHubSpot.JSON.createObjectNode();
              ArrayNode results = body.putArray("results");
              ArrayNode errors = body.putArray("errors");
              for (JsonNode input : call.body().path("inputs")) {
                String id = input.path("id").asText();
                if (id.equals("13")) {
                  ObjectNode error = errors.addObject();
                  error
                      .put("status", "error")
                      .put("category", "OBJECT_NOT_FOUND")
                      .put("message", "Object not found.");
                  error
                      .putObject("context")
                      .putArray("objectWriteTraceId")
                      .add(input.path("objectWriteTraceId").asText());
                } else {
                  results.add(contact(id, "x" + id + "@example.com"));
                }
              }
              return new ScriptedHubSpot.Answer(207, body.toString());
            });
    GateBudget budget = new GateBudget();
    CrmBatcher batcher = batcher(hubSpot, budget, CrmBatchConfig.defaults());
    CrmActivitiesImpl crm = new CrmActivitiesImpl(batcher, () -> 1, null, p -> {});
    var gone = async(() -> crm.update("13", Map.of("firstname", "X")));
    var fine = async(() -> crm.update("14", Map.of("firstname", "Y")));
    awaitQueued(batcher, 2);
    budget.grant(1);
    assertEquals(CrmFailures.NOT_FOUND, failure(gone).getType());
    assertEquals("14", fine.get(10, TimeUnit.SECONDS).id());
    assertEquals(1, hubSpot.calls.size());
  }

  @Test
  void anErrorNamingSeveralRowsReachesEveryRowItNames() throws Exception {
    ScriptedHubSpot hubSpot =
        hubSpot(
            call -> {
              if (!call.path().endsWith("/batch/update")) {
                return new ScriptedHubSpot.Answer(500, "{}"); // no row should go again alone
              }
              ObjectNode body = ScriptedHubSpot.JSON.createObjectNode();
              ArrayNode results = body.putArray("results");
              ObjectNode error = body.putArray("errors").addObject();
              error
                  .put("status", "error")
                  .put("category", "OBJECT_NOT_FOUND")
                  .put("message", "Object not found.");
              ArrayNode ids = error.putObject("context").putArray("ids");
              for (JsonNode input : call.body().path("inputs")) {
                String id = input.path("id").asText();
                if (id.equals("23")) {
                  results.add(contact(id, "x" + id + "@example.com"));
                } else {
                  ids.add(id);
                }
              }
              return new ScriptedHubSpot.Answer(207, body.toString());
            });
    GateBudget budget = new GateBudget();
    CrmBatcher batcher = batcher(hubSpot, budget, CrmBatchConfig.defaults());
    CrmActivitiesImpl crm = new CrmActivitiesImpl(batcher, () -> 1, null, p -> {});
    var first = async(() -> crm.update("21", Map.of("firstname", "X")));
    var second = async(() -> crm.update("22", Map.of("firstname", "Y")));
    var fine = async(() -> crm.update("23", Map.of("firstname", "Z")));
    awaitQueued(batcher, 3);
    budget.grant(1);
    assertEquals(CrmFailures.NOT_FOUND, failure(first).getType());
    assertEquals(CrmFailures.NOT_FOUND, failure(second).getType());
    assertEquals("23", fine.get(10, TimeUnit.SECONDS).id());
    assertEquals(1, hubSpot.calls.size(), "one batch call, no row sent again alone");
  }

  @Test
  void aFullBatchGoesWithoutWaitingOutTheWindow() throws Exception {
    ScriptedHubSpot hubSpot = echoingReads();
    CrmBatchConfig config =
        CrmBatchConfig.defaults().withWindow(Duration.ofMinutes(5)).withMaxInputs(3);
    CrmBatcher batcher =
        batcher(hubSpot, RequestBudget.UNLIMITED, config.withMaxWait(Duration.ofMinutes(10)));
    List<CompletableFuture<Optional<HubSpotContact>>> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String email = "p" + i + "@example.com";
      answers.add(async(() -> batcher.findContactByEmail(email)));
    }
    for (var answer : answers) {
      assertTrue(answer.get(30, TimeUnit.SECONDS).isPresent()); // far inside the 5 min window
    }
    assertEquals(1, hubSpot.calls.size());
    assertEquals(3, hubSpot.calls.get(0).body().path("inputs").size());
  }

  @Test
  void aBatchBelowTheLimitGoesWhenTheWindowEnds() throws Exception {
    ScriptedHubSpot hubSpot = echoingReads();
    CrmBatchConfig config = CrmBatchConfig.defaults().withWindow(Duration.ofMillis(300));
    CrmBatcher batcher = batcher(hubSpot, RequestBudget.UNLIMITED, config);
    var a = async(() -> batcher.findContactByEmail("a@example.com"));
    var b = async(() -> batcher.findContactByEmail("b@example.com"));
    assertTrue(a.get(10, TimeUnit.SECONDS).isPresent());
    assertTrue(b.get(10, TimeUnit.SECONDS).isPresent());
    assertEquals(1, hubSpot.calls.size(), "both inside one window: one call");
  }

  @Test
  void aBatchWaitsForTheBudgetAndGathersWhatArrivesMeanwhile() throws Exception {
    ScriptedHubSpot hubSpot = echoingReads();
    GateBudget budget = new GateBudget();
    CrmBatcher batcher =
        batcher(hubSpot, budget, CrmBatchConfig.defaults().withWindow(Duration.ZERO));
    List<CompletableFuture<Optional<HubSpotContact>>> answers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String email = "w" + i + "@example.com";
      answers.add(async(() -> batcher.findContactByEmail(email)));
    }
    awaitWaiting(budget, 1);
    // Every lookup is queued before the one request is granted (window zero: it would go at once).
    awaitQueued(batcher, answers.size());
    budget.grant(1);
    for (var answer : answers) {
      assertTrue(answer.get(10, TimeUnit.SECONDS).isPresent());
    }
    assertEquals(1, hubSpot.calls.size());
    assertEquals(40, hubSpot.calls.get(0).body().path("inputs").size());
    assertEquals(new CrmBatcher.Counts(1, 1, 40), batcher.counts());
  }

  @Test
  void aRequestTheBudgetHoldsBackPastItsBoundFailsAsRateLimitedWithNothingSent() throws Exception {
    ScriptedHubSpot hubSpot = echoingReads();
    CrmBatcher batcher =
        batcher(
            hubSpot,
            new GateBudget(),
            CrmBatchConfig.defaults().withMaxWait(Duration.ofMillis(300)));
    CrmActivitiesImpl crm = new CrmActivitiesImpl(batcher, () -> 1, null, p -> {});
    ApplicationFailure f = failure(async(() -> crm.findByEmail("late@example.com")));
    assertEquals(CrmFailures.RATE_LIMITED, f.getType());
    assertFalse(f.isNonRetryable());
    assertEquals(ApplicationErrorCategory.BENIGN, f.getCategory());
    assertNotEquals(null, f.getNextRetryDelay());
    assertTrue(hubSpot.calls.isEmpty());
    assertInstanceOf(
        CrmBudgetWaitExceeded.class,
        rawFailure(async(() -> batcher.findContactByEmail("x@example.com"))));
  }

  @Test
  void withBatchingOffEachRequestIsTodaysSingleCallStillOnePerGrant() throws Exception {
    ScriptedHubSpot hubSpot =
        hubSpot(call -> new ScriptedHubSpot.Answer(404, "{\"category\":\"OBJECT_NOT_FOUND\"}"));
    GateBudget budget = new GateBudget();
    CrmBatcher batcher = batcher(hubSpot, budget, CrmBatchConfig.defaults().withBatching(false));
    var a = async(() -> batcher.findContactByEmail("a@example.com"));
    var b = async(() -> batcher.findContactByEmail("b@example.com"));
    awaitQueued(batcher, 2);
    budget.grant(1);
    Optional<HubSpotContact> first =
        CompletableFuture.anyOf(a, b)
            .thenApply(o -> (Optional<HubSpotContact>) o)
            .get(10, TimeUnit.SECONDS);
    assertTrue(first.isEmpty());
    assertFalse(a.isDone() && b.isDone(), "one grant, one call");
    budget.grant(1);
    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);
    assertEquals(2, hubSpot.calls.size());
    hubSpot.calls.forEach(c -> assertEquals("GET", c.method()));
  }

  @Test
  void aGrantIsTakenOnlyWhenASenderIsFreeSoNoRequestQueuesBehindASlowCall() throws Exception {
    CountDownLatch slowAnswers = new CountDownLatch(1);
    ScriptedHubSpot hubSpot =
        hubSpot(
            call -> {
              if (call.path().contains("slow@example.com")) {
                try {
                  slowAnswers.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return new ScriptedHubSpot.Answer(404, "{\"category\":\"OBJECT_NOT_FOUND\"}");
            });
    GateBudget budget = new GateBudget();
    budget.grant(5);
    CrmBatcher batcher =
        batcher(
            hubSpot,
            budget,
            new CrmBatchConfig(false, Duration.ZERO, 100, Duration.ofMillis(300), 1));
    try {
      var slow = async(() -> batcher.findContactByEmail("slow@example.com"));
      awaitCalls(hubSpot, 1);
      var next = async(() -> batcher.findContactByEmail("next@example.com"));

      assertInstanceOf(
          CrmBudgetWaitExceeded.class,
          rawFailure(next),
          "with the only sender busy, the next request waits unsent and fails as rate limited");
      assertEquals(4, budget.grants.availablePermits(), "no grant taken for a request not sent");
      slowAnswers.countDown();
      assertTrue(slow.get(10, TimeUnit.SECONDS).isEmpty());
    } finally {
      slowAnswers.countDown();
    }
  }

  @Test
  void aCreateSentOnceThatCannotBeSentAgainInTimeFailsAsUnknownOutcomeNotAsNothingSent()
      throws Exception {
    // The batch answer names neither row: each must go again alone, but no request is granted.
    ScriptedHubSpot hubSpot =
        hubSpot(call -> new ScriptedHubSpot.Answer(201, "{\"results\":[],\"errors\":[]}"));
    GateBudget budget = new GateBudget();
    CrmBatcher batcher =
        batcher(hubSpot, budget, CrmBatchConfig.defaults().withMaxWait(Duration.ofMillis(500)));
    var a = async(() -> batcher.createContact(Map.of("email", "a@example.com")));
    var b = async(() -> batcher.createContact(Map.of("email", "b@example.com")));
    awaitQueued(batcher, 2);
    budget.grant(1);

    assertInstanceOf(HubSpotTransportException.class, rawFailure(a));
    assertInstanceOf(HubSpotTransportException.class, rawFailure(b));
    assertEquals(1, hubSpot.calls.size(), "the batch went once; neither row went again");
  }

  // ---- helpers ----

  private static void awaitCalls(ScriptedHubSpot hubSpot, int calls) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hubSpot.calls.size() < calls) {
      if (System.nanoTime() > deadline) {
        fail("only " + hubSpot.calls.size() + " calls reached HubSpot");
      }
      Thread.sleep(5);
    }
  }

  private ScriptedHubSpot hubSpot(ScriptedHubSpot.Script script) throws java.io.IOException {
    ScriptedHubSpot hubSpot = new ScriptedHubSpot(script);
    open.add(hubSpot);
    return hubSpot;
  }

  /** Every email exists, with an id derived from it; answers reversed. */
  private ScriptedHubSpot echoingReads() throws java.io.IOException {
    return hubSpot(
        call -> {
          ObjectNode body = ScriptedHubSpot.JSON.createObjectNode();
          ArrayNode results = body.putArray("results");
          List<String> emails = new ArrayList<>();
          call.body().path("inputs").forEach(i -> emails.add(i.path("id").asText()));
          Collections.reverse(emails);
          emails.forEach(e -> results.add(contact(idFor(e), e.toLowerCase(Locale.ROOT))));
          if (!call.path().endsWith("/batch/read")) {
            String email = call.path().substring(call.path().lastIndexOf('/') + 1);
            return new ScriptedHubSpot.Answer(200, contact(idFor(email), email).toString());
          }
          return new ScriptedHubSpot.Answer(200, body.toString());
        });
  }

  private CrmBatcher batcher(ScriptedHubSpot hubSpot, RequestBudget budget, CrmBatchConfig config) {
    HubSpotClient client = new HubSpotClient(HubSpotConfig.of(hubSpot.baseUrl(), "t0ken"));
    CrmBatcher batcher = new CrmBatcher(client, budget, config);
    open.add(client);
    open.add(batcher);
    return batcher;
  }

  private <T> CompletableFuture<T> async(Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, callers);
  }

  private static ObjectNode contact(String id, String email) {
    ObjectNode record = ScriptedHubSpot.JSON.createObjectNode();
    record.put("id", id);
    record.putObject("properties").put("email", email).put("hs_object_id", id);
    return record;
  }

  private static String idFor(String email) {
    return String.valueOf(Math.abs(email.toLowerCase(Locale.ROOT).hashCode()) % 100_000);
  }

  private static ApplicationFailure failure(CompletableFuture<?> answer) throws Exception {
    return assertInstanceOf(ApplicationFailure.class, rawFailure(answer));
  }

  private static Throwable rawFailure(CompletableFuture<?> answer) throws Exception {
    try {
      answer.get(20, TimeUnit.SECONDS);
      return fail("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static void awaitWaiting(GateBudget budget, int waiters) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (budget.waiting.get() < waiters) {
      if (System.nanoTime() > deadline) {
        fail("the batcher never asked the budget for a request");
      }
      Thread.sleep(5);
    }
  }

  private static void awaitQueued(CrmBatcher batcher, int rows) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (batcher.waitingRequests() < rows) {
      if (System.nanoTime() > deadline) {
        fail("only " + batcher.waitingRequests() + " requests queued");
      }
      Thread.sleep(5);
    }
  }

  /** A budget the test opens request by request. */
  static final class GateBudget implements RequestBudget {
    final Semaphore grants = new Semaphore(0);
    final AtomicInteger waiting = new AtomicInteger();

    void grant(int n) {
      grants.release(n);
    }

    @Override
    public boolean acquire(Duration maxWait) throws InterruptedException {
      waiting.incrementAndGet();
      try {
        return grants.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        waiting.decrementAndGet();
      }
    }
  }
}
