package dev.oncelane.activities.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.hubspot.CrmCallListener;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workflows.crm.ConflictDetails;
import dev.oncelane.workflows.crm.CrmContact;
import dev.oncelane.workflows.crm.CrmFailures;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The activities against the HubSpot sandbox over real HTTP: each row of the failure table. */
class CrmActivitiesSandboxTest {

  private static final String TOKEN = "pat-na1-sandbox-secret-4242";
  private static final String EMAIL = "ada@example.com";

  private static SandboxServer sandbox;

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private HubSpotClient client;
  private CrmActivitiesImpl crm;

  @BeforeAll
  static void startSandbox() {
    sandbox =
        SandboxServer.start(new SandboxOptions("127.0.0.1", 0, TOKEN, 7L, FaultConfig.none()));
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void connect() {
    sandbox.setFaults(FaultConfig.none());
    sandbox.reset();
    client = client(HubSpotConfig.of(sandbox.baseUrl(), TOKEN));
    crm = new CrmActivitiesImpl(client);
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  @Test
  void createsAndFindsByEmailCaseInsensitively() {
    CrmContact created = crm.create(Map.of("email", EMAIL, "firstname", "Ada"));
    assertNotNull(created.id());
    assertEquals("Ada", created.properties().get("firstname"));

    CrmContact found = crm.findByEmail("ADA@Example.COM");
    assertEquals(created.id(), found.id());
    assertEquals(created.id(), crm.findById(created.id()).id());
    assertEquals(
        List.of("createContact 201", "findContactByEmail 200", "findContactById 200"), calls);
  }

  @Test
  void findingWhatIsNotThereGivesNull() {
    assertNull(crm.findByEmail("nobody@example.com"));
    assertNull(crm.findById("987654321"));
  }

  @Test
  void updatesByIdAndEmptyStringClears() {
    CrmContact created = crm.create(Map.of("email", EMAIL, "firstname", "Ada"));
    CrmContact updated = crm.update(created.id(), Map.of("lastname", "Lovelace", "firstname", ""));
    assertEquals(created.id(), updated.id());
    assertEquals("Lovelace", crm.findById(created.id()).properties().get("lastname"));
  }

  @Test
  void createOfAnExistingEmailIsAConflictNamingTheId() {
    CrmContact first = crm.create(Map.of("email", EMAIL));
    ApplicationFailure f = failure(() -> crm.create(Map.of("email", "Ada@Example.com")));
    assertEquals(CrmFailures.CONFLICT, f.getType());
    assertTrue(f.isNonRetryable());
    ConflictDetails details = f.getDetails().get(ConflictDetails.class);
    assertEquals(first.id(), details.existingId());
    assertTrue(details.message().contains("Existing ID"), details.message());
    assertNotNull(details.correlationId());
  }

  @Test
  void aConflictWithAHiddenContactNamesNoId() throws IOException {
    plantHiddenContact(EMAIL);
    ApplicationFailure f = failure(() -> crm.create(Map.of("email", EMAIL)));
    assertEquals(CrmFailures.CONFLICT, f.getType());
    assertTrue(f.isNonRetryable());
    assertNull(f.getDetails().get(ConflictDetails.class).existingId());
    assertNull(crm.findByEmail(EMAIL), "a hidden contact cannot be read either");
  }

  @Test
  void anInvalidEmailIsAValidationError() {
    ApplicationFailure f = failure(() -> crm.create(Map.of("email", "not-an-email")));
    assertEquals(CrmFailures.VALIDATION, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("not-an-email"), f.getOriginalMessage());
  }

  @Test
  void updatingAMissingContactIsNotFound() {
    ApplicationFailure f = failure(() -> crm.update("987654321", Map.of("firstname", "A")));
    assertEquals(CrmFailures.NOT_FOUND, f.getType());
    assertTrue(f.isNonRetryable());
  }

  @Test
  void aBadTokenPausesWithALongRetryAndNeverShowsTheToken() {
    String wrong = "pat-na1-wrong-token-1234";
    try (HubSpotClient bad = client(HubSpotConfig.of(sandbox.baseUrl(), wrong))) {
      CrmActivitiesImpl badCrm = new CrmActivitiesImpl(bad, () -> 2);
      ApplicationFailure f = failure(() -> badCrm.findByEmail(EMAIL));
      assertEquals(CrmFailures.AUTH, f.getType());
      assertFalse(f.isNonRetryable());
      assertEquals(Duration.ofSeconds(60), f.getNextRetryDelay());
      assertTokenAbsent(f, wrong);
      assertTokenAbsent(failure(() -> badCrm.create(Map.of("email", EMAIL))), wrong);
    }
  }

  @Test
  void noErrorShowsTheGoodTokenEither() {
    crm.create(Map.of("email", EMAIL));
    assertTokenAbsent(failure(() -> crm.create(Map.of("email", EMAIL))), TOKEN);
    assertTokenAbsent(failure(() -> crm.create(Map.of("email", "bad"))), TOKEN);
  }

  @Test
  void aRateLimitIsRetriedAfterTheHeadersInterval() {
    sandbox.setFaults(FaultConfig.none().withRateLimitPer10s(2));
    // The third attempt: without the headers the delay would be 30 s (10 s × attempt).
    CrmActivitiesImpl third = new CrmActivitiesImpl(client, () -> 3);
    third.findByEmail(EMAIL);
    third.findByEmail(EMAIL);
    ApplicationFailure f = failure(() -> third.findByEmail(EMAIL));
    assertEquals(CrmFailures.RATE_LIMITED, f.getType());
    assertFalse(f.isNonRetryable());
    assertEquals(Duration.ofSeconds(10), f.getNextRetryDelay());
    assertEquals("findContactByEmail 429", calls.get(calls.size() - 1));
  }

  @Test
  void serverErrorsAreRetried() {
    sandbox.setFaults(FaultConfig.none().withServerErrorRate(1.0));
    ApplicationFailure f = failure(() -> crm.create(Map.of("email", EMAIL)));
    assertEquals(CrmFailures.UNAVAILABLE, f.getType());
    assertFalse(f.isNonRetryable());
    assertEquals(0, sandbox.contactCount(EMAIL));
  }

  @Test
  void aSlowAnswerTimesOutAsUnavailable() {
    sandbox.setFaults(FaultConfig.none().withLatency(2_000, 2_000));
    Duration shortWait = Duration.ofMillis(300);
    HubSpotConfig impatient =
        HubSpotConfig.of(sandbox.baseUrl(), TOKEN)
            .withTimeouts(shortWait, shortWait, shortWait, Duration.ofMillis(600));
    try (HubSpotClient slow = client(impatient)) {
      ApplicationFailure f = failure(() -> new CrmActivitiesImpl(slow).findByEmail(EMAIL));
      assertEquals(CrmFailures.UNAVAILABLE, f.getType());
      assertFalse(f.isNonRetryable());
      assertEquals("findContactByEmail -1", calls.get(calls.size() - 1));
    }
  }

  @Test
  void aCreateWhoseAnswerIsLostResolvesToAConflictOnRetry() {
    sandbox.setFaults(FaultConfig.none().withCommitThenDropRate(1.0));
    ApplicationFailure lost = failure(() -> crm.create(Map.of("email", EMAIL)));
    assertEquals(CrmFailures.UNAVAILABLE, lost.getType());
    assertFalse(lost.isNonRetryable());
    assertEquals("createContact -1", calls.get(calls.size() - 1));

    sandbox.setFaults(FaultConfig.none());
    ApplicationFailure retried = failure(() -> crm.create(Map.of("email", EMAIL)));
    assertEquals(CrmFailures.CONFLICT, retried.getType());
    String existingId = retried.getDetails().get(ConflictDetails.class).existingId();
    assertEquals(crm.findByEmail(EMAIL).id(), existingId);
    assertEquals(1, sandbox.contactCount(EMAIL));
  }

  private HubSpotClient client(HubSpotConfig config) {
    CrmCallListener listener = (operation, status, nanos) -> calls.add(operation + " " + status);
    return new HubSpotClient(config, listener);
  }

  private static ApplicationFailure failure(Executable call) {
    return assertThrows(ApplicationFailure.class, call);
  }

  private static void assertTokenAbsent(ApplicationFailure f, String token) {
    for (Throwable t = f; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(token), t.getMessage());
      assertFalse(t.toString().contains(token), t.toString());
    }
    if (CrmFailures.CONFLICT.equals(f.getType())) {
      assertFalse(f.getDetails().get(ConflictDetails.class).toString().contains(token));
    }
  }

  private static void plantHiddenContact(String email) throws IOException {
    OkHttpClient http = new OkHttpClient();
    Request plant =
        new Request.Builder()
            .url(sandbox.baseUrl() + "/__sandbox/hidden-contacts")
            .post(
                RequestBody.create(
                    "{\"email\":\"" + email + "\"}", MediaType.get("application/json")))
            .build();
    try (Response response = http.newCall(plant).execute()) {
      assertTrue(response.isSuccessful(), "planting answered " + response.code());
    }
  }
}
