package dev.oncelane.sandbox;

import static dev.oncelane.sandbox.CrmClient.CONTACTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.sandbox.CrmClient.Answer;
import dev.oncelane.sandbox.http.CallStats;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FaultsTest {

  @Test
  void rateLimitAnswers429WithHubSpotsBodyAndHeaders() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none().withRateLimitPer10s(3))) {
      CrmClient crm = new CrmClient(server);
      for (int i = 0; i < 3; i++) {
        Answer allowed = crm.get(CONTACTS + "/1");
        assertEquals(404, allowed.status());
        assertEquals(Integer.toString(2 - i), allowed.header("X-HubSpot-RateLimit-Remaining"));
      }

      Answer limited = crm.get(CONTACTS + "/1");

      assertEquals(429, limited.status());
      ContactsApiTest.assertEnvelope(limited, "RATE_LIMITS");
      assertEquals(
          "You have reached your ten_secondly_rolling limit.",
          limited.body().get("message").asText());
      assertEquals("RATE_LIMIT", limited.body().get("errorType").asText());
      assertEquals("TEN_SECONDLY_ROLLING", limited.body().get("policyName").asText());
      assertEquals("3", limited.header("X-HubSpot-RateLimit-Max"));
      assertEquals("0", limited.header("X-HubSpot-RateLimit-Remaining"));
      assertEquals("10000", limited.header("X-HubSpot-RateLimit-Interval-Milliseconds"));
      assertEquals("250000", limited.header("X-HubSpot-RateLimit-Daily"));
      assertEquals("249997", limited.header("X-HubSpot-RateLimit-Daily-Remaining"));
      int retryAfter = Integer.parseInt(limited.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
      // HubSpot's spec exempts search from the ten-secondly limit.
      assertEquals(200, crm.post(CONTACTS + "/search", "{}").status());
      assertEquals(1L, server.stats().get("GET /crm/v3/objects/contacts/{contactId}").get("429"));
    }
  }

  @Test
  void concurrentCreatesOfOneEmailMakeExactlyOneContact() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none())) {
      CrmClient crm = new CrmClient(server);
      int threads = 50;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String email = i % 2 == 0 ? "race@example.com" : "RACE@example.com";
        Callable<Integer> create =
            () -> {
              go.await();
              return crm.create(email).status();
            };
        statuses.add(pool.submit(create));
      }
      go.countDown();
      int created = 0;
      int conflicts = 0;
      for (Future<Integer> status : statuses) {
        int code = status.get(30, TimeUnit.SECONDS);
        created += code == 201 ? 1 : 0;
        conflicts += code == 409 ? 1 : 0;
      }
      pool.shutdown();

      assertEquals(1, created);
      assertEquals(threads - 1, conflicts);
      assertEquals(1, server.contactCount("race@example.com"));
    }
  }

  @Test
  void commitThenDropAppliesTheWriteAndLosesTheAnswer() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none().withCommitThenDropRate(1.0))) {
      CrmClient crm = new CrmClient(server);

      assertThrows(IOException.class, () -> crm.create("dropped@example.com"));

      assertEquals(1, server.contactCount("dropped@example.com"));
      assertEquals(1L, server.stats().get("POST /crm/v3/objects/contacts").get("dropped"));
      // Reads are never dropped, and a retried create now meets the committed contact.
      assertEquals(200, crm.get(CONTACTS + "/dropped@example.com?idProperty=email").status());
      server.setFaults(FaultConfig.none());
      assertEquals(409, crm.create("dropped@example.com").status());
    }
  }

  @Test
  void aScriptedDropLosesTheAnswersOfExactlyTheNextSuccessfulWrites() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none())) {
      CrmClient crm = new CrmClient(server);
      Answer armed = crm.post("/__sandbox/faults/drop-next-writes", "{\"count\":1}");
      assertEquals(200, armed.status());

      assertThrows(IOException.class, () -> crm.create("scripted@example.com"));
      // The 409 of the retry is not a successful write, so it is answered.
      assertEquals(409, crm.create("scripted@example.com").status());
      assertEquals(201, crm.create("next@example.com").status());
      assertEquals(1, server.contactCount("scripted@example.com"));
      assertEquals(400, crm.post("/__sandbox/faults/drop-next-writes", "{\"count\":-1}").status());
    }
  }

  @Test
  void commitThenDropSendsNotASingleByteOfTheAnswer() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none().withCommitThenDropRate(1.0));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      String body = "{\"properties\":{\"email\":\"raw@example.com\"}}";
      String request =
          "POST /crm/v3/objects/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Authorization: Bearer sandbox-token\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + body.length()
              + "\r\n\r\n"
              + body;
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();

      assertEquals(-1, socket.getInputStream().read());
      assertEquals(1, server.contactCount("raw@example.com"));
    }
  }

  @Test
  void serverErrorsWriteNothing() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none().withServerErrorRate(1.0))) {
      CrmClient crm = new CrmClient(server);

      Answer single = crm.create("never@example.com");
      Answer batch =
          crm.post(
              CONTACTS + "/batch/create",
              "{\"inputs\":[{\"properties\":{\"email\":\"never2@example.com\"}}]}");

      assertEquals(500, single.status());
      ContactsApiTest.assertEnvelope(single, "INTERNAL_ERROR");
      assertEquals(500, batch.status());
      assertTrue(server.contacts().isEmpty());
    }
  }

  @Test
  void sameSeedGivesTheSameSequenceOfOutcomes() throws Exception {
    FaultConfig faults = FaultConfig.none().withServerErrorRate(0.3).withCommitThenDropRate(0.4);

    List<String> first = outcomes(42, faults);
    List<String> second = outcomes(42, faults);
    List<String> otherSeed = outcomes(7, faults);

    assertEquals(first, second);
    assertTrue(
        first.contains("201") && first.contains("500") && first.contains("io"), first.toString());
    assertNotEquals(first, otherSeed);
  }

  @Test
  void latencyDelaysEveryCall() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none().withLatency(150, 150))) {
      long started = System.nanoTime();
      new CrmClient(server).get(CONTACTS + "/1");
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 150);
    }
  }

  @Test
  void hiddenContactConflictsWithoutAnIdAndIsInvisibleToReads() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none())) {
      CrmClient crm = new CrmClient(server);

      Answer planted =
          crm.send("POST", "/__sandbox/hidden-contacts", "{\"email\":\"Ghost@example.com\"}", null);
      Answer create = crm.create("ghost@example.com");
      Answer read = crm.get(CONTACTS + "/ghost@example.com?idProperty=email");
      Answer search =
          crm.post(
              CONTACTS + "/search",
              "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"EQ\","
                  + "\"value\":\"ghost@example.com\"}]}]}");

      assertEquals(201, planted.status());
      assertEquals(409, create.status());
      ContactsApiTest.assertEnvelope(create, "CONFLICT");
      assertEquals("Contact already exists.", create.body().get("message").asText());
      assertEquals(404, read.status());
      assertEquals(0, search.body().get("total").asInt());
      assertEquals(0, server.contactCount("ghost@example.com"));
    }
  }

  @Test
  void faultsEndpointReadsAndPartiallyUpdatesTheConfiguration() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none().withLatency(1, 2))) {
      CrmClient crm = new CrmClient(server);

      Answer updated =
          crm.send(
              "POST", "/__sandbox/faults", "{\"serverErrorRate\":0.25,\"searchLagMs\":50}", null);
      Answer read = crm.send("GET", "/__sandbox/faults", null, null);
      Answer badJson = crm.send("POST", "/__sandbox/faults", "{serverErrorRate", null);
      Answer unknown = crm.send("POST", "/__sandbox/faults", "{\"chaos\":1}", null);
      Answer outOfRange = crm.send("POST", "/__sandbox/faults", "{\"serverErrorRate\":2}", null);

      assertEquals(200, updated.status());
      assertEquals(new FaultConfig(0, 0.25, 1, 2, 0, 50), server.faults());
      assertEquals(0.25, read.body().get("serverErrorRate").asDouble());
      assertEquals(1, read.body().get("latencyMinMs").asInt());
      for (Answer refused : new Answer[] {badJson, unknown, outOfRange}) {
        assertEquals(400, refused.status());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertTrue(refused.body().get("detail").isTextual());
      }
      assertEquals(new FaultConfig(0, 0.25, 1, 2, 0, 50), server.faults());
    }
  }

  @Test
  void aBatchCallIsOneRequestAndUsageReportsRequests429sAndBatchInputs() throws Exception {
    try (SandboxServer server = start(1, FaultConfig.none().withRateLimitPer10s(2))) {
      CrmClient crm = new CrmClient(server);
      String three =
          "{\"idProperty\":\"email\",\"inputs\":[{\"id\":\"a@x.io\"},{\"id\":\"b@x.io\"},"
              + "{\"id\":\"c@x.io\"}]}";
      assertEquals(207, crm.post(CONTACTS + "/batch/read", three).status());
      assertEquals(
          200, crm.post(CONTACTS + "/batch/create", "{\"inputs\":[{\"properties\":{}}]}").status());
      assertEquals(429, crm.post(CONTACTS + "/batch/read", three).status());

      Map<String, CallStats.EndpointUsage> usage = server.usage();
      Answer overHttp = crm.send("GET", "/__sandbox/stats/usage", null, null);

      String read = "POST /crm/v3/objects/contacts/batch/read";
      assertEquals(new CallStats.EndpointUsage(2, 1, 1, 3), usage.get(read));
      assertEquals(3.0, usage.get(read).meanBatchSize());
      assertEquals(
          new CallStats.EndpointUsage(1, 0, 1, 1),
          usage.get("POST /crm/v3/objects/contacts/batch/create"));
      assertEquals(
          1,
          overHttp
              .body()
              .at("/POST ~1crm~1v3~1objects~1contacts~1batch~1read/rateLimited")
              .asInt());
      assertEquals(
          3,
          overHttp
              .body()
              .at("/POST ~1crm~1v3~1objects~1contacts~1batch~1read/batchInputs")
              .asInt());
    }
  }

  @Test
  void statsCountCallsPerTemplateAndStatusAndResetClearsState() throws Exception {
    FaultConfig faults = FaultConfig.none().withSearchLagMs(5);
    try (SandboxServer server = start(1, faults)) {
      CrmClient crm = new CrmClient(server);
      String id = crm.create("s@example.com").body().get("id").asText();
      crm.create("s@example.com");
      crm.get(CONTACTS + "/" + id);
      crm.send("POST", "/__sandbox/hidden-contacts", "{\"email\":\"h@example.com\"}", null);

      Map<String, Map<String, Long>> stats = server.stats();
      Answer statsOverHttp = crm.send("GET", "/__sandbox/stats", null, null);
      Answer listed = crm.send("GET", "/__sandbox/contacts", null, null);

      assertEquals(Map.of("201", 1L, "409", 1L), stats.get("POST /crm/v3/objects/contacts"));
      assertEquals(Map.of("200", 1L), stats.get("GET /crm/v3/objects/contacts/{contactId}"));
      assertEquals(1, statsOverHttp.body().at("/POST ~1crm~1v3~1objects~1contacts/409").asInt());
      assertEquals(1, listed.body().get("total").asInt());
      assertEquals("s@example.com", listed.body().at("/results/0/properties/email").asText());

      assertEquals(204, crm.send("POST", "/__sandbox/reset", null, null).status());

      assertTrue(server.contacts().isEmpty());
      assertTrue(server.stats().isEmpty());
      assertEquals(faults, server.faults());
      assertEquals(201, crm.create("h@example.com").status());
    }
  }

  private static List<String> outcomes(long seed, FaultConfig faults) throws Exception {
    try (SandboxServer server = start(seed, faults)) {
      CrmClient crm = new CrmClient(server);
      List<String> outcomes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        try {
          outcomes.add(Integer.toString(crm.create("seq" + i + "@example.com").status()));
        } catch (IOException dropped) {
          outcomes.add("io");
        }
      }
      return outcomes;
    }
  }

  private static SandboxServer start(long seed, FaultConfig faults) {
    return SandboxServer.start(SandboxOptions.defaults().withSeed(seed).withFaults(faults));
  }
}
