package dev.oncelane.activities.crm.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workflows.crm.ConflictDetails;
import dev.oncelane.workflows.crm.CrmContact;
import dev.oncelane.workflows.crm.CrmFailures;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CRM activities over the batcher against the HubSpot sandbox (stateful, real HTTP): many
 * events' lookups and writes share batch calls, and each activity still sees its own answer or its
 * own typed failure.
 */
class CrmBatchingSandboxTest {

  private static final int EVENTS = 30;

  private final ExecutorService activities = Executors.newCachedThreadPool();
  private SandboxServer sandbox;
  private HubSpotClient client;
  private CrmBatcher batcher;
  private CrmActivitiesImpl crm;

  @BeforeEach
  void start() {
    sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0).withSeed(5));
    client = new HubSpotClient(HubSpotConfig.of(sandbox.baseUrl(), SandboxOptions.DEFAULT_TOKEN));
    batcher = new CrmBatcher(client, RequestBudget.UNLIMITED, CrmBatchConfig.defaults());
    crm = CrmActivitiesImpl.withCatalog(batcher, property -> {});
  }

  @AfterEach
  void stop() {
    batcher.close();
    client.close();
    sandbox.close();
    activities.shutdownNow();
  }

  @Test
  void concurrentEventsLookUpCreateAndUpdateThroughBatchCallsEachWithItsOwnContact()
      throws Exception {
    List<CompletableFuture<CrmContact>> first = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      String email = "user" + i + "@example.com";
      first.add(async(() -> upsert(email, "First" + email.length())));
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      CrmContact written = first.get(i).get(30, TimeUnit.SECONDS);
      assertEquals("user" + i + "@example.com", written.properties().get("email"));
      ids.add(written.id());
    }
    assertEquals(EVENTS, ids.stream().distinct().count(), "one contact per email");
    List<CompletableFuture<CrmContact>> second = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      String email = "USER" + i + "@example.com";
      int n = i;
      second.add(async(() -> upsert(email, "Again" + n)));
    }
    for (int i = 0; i < EVENTS; i++) {
      CrmContact updated = second.get(i).get(30, TimeUnit.SECONDS);
      assertEquals(ids.get(i), updated.id(), "the second event updated its own contact");
      assertEquals("Again" + i, updated.properties().get("firstname"));
    }
    assertEquals(EVENTS, sandbox.contacts().size());
    long batchCalls =
        sandbox.stats().entrySet().stream()
            .filter(e -> e.getKey().contains("/batch/"))
            .mapToLong(e -> e.getValue().values().stream().mapToLong(Long::longValue).sum())
            .sum();
    assertTrue(batchCalls > 0, "batch calls were made: " + sandbox.stats());
    assertTrue(
        batcher.counts().requests() < 4L * EVENTS / 2,
        "fewer requests than events' calls: " + batcher.counts());
  }

  @Test
  void anExistingContactAndAnInvalidEmailInACreateBatchFailOnlyTheirOwnEventsTyped()
      throws Exception {
    CrmContact existing = crm.create(Map.of("email", "taken@example.com"));
    List<String> emails =
        List.of("a@example.com", "taken@example.com", "bad@@example", "b@example.com");
    List<CompletableFuture<CrmContact>> creates = new ArrayList<>();
    for (String email : emails) {
      creates.add(async(() -> crm.create(Map.of("email", email, "firstname", "X"))));
    }
    ApplicationFailure conflict = failure(creates.get(1));
    assertEquals(CrmFailures.CONFLICT, conflict.getType());
    assertEquals(existing.id(), conflict.getDetails().get(ConflictDetails.class).existingId());
    assertEquals(CrmFailures.VALIDATION, failure(creates.get(2)).getType());
    assertNotNull(creates.get(0).get(30, TimeUnit.SECONDS).id());
    assertNotNull(creates.get(3).get(30, TimeUnit.SECONDS).id());
  }

  @Test
  void aBatchCreateWhoseAnswerIsLostFailsEveryRowRetryablyAndTheRetryFindsTheContacts()
      throws Exception {
    sandbox.dropNextWrites(1);
    List<CompletableFuture<CrmContact>> creates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String email = "lost" + i + "@example.com";
      creates.add(async(() -> crm.create(Map.of("email", email))));
    }
    for (CompletableFuture<CrmContact> create : creates) {
      ApplicationFailure f = failure(create);
      assertEquals(CrmFailures.UNAVAILABLE, f.getType());
      assertFalse(f.isNonRetryable());
    }
    for (int i = 0; i < 5; i++) {
      assertNotNull(crm.findByEmail("lost" + i + "@example.com"), "the batch had committed");
    }
    assertNull(crm.findByEmail("never@example.com"));
  }

  /** The lane's lookup-then-write, as the workflow would make it. */
  private CrmContact upsert(String email, String firstname) {
    CrmContact found = crm.findByEmail(email);
    if (found == null) {
      return crm.create(Map.of("email", email, "firstname", firstname));
    }
    return crm.update(found.id(), Map.of("firstname", firstname));
  }

  private <T> CompletableFuture<T> async(Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, activities);
  }

  private static ApplicationFailure failure(CompletableFuture<?> answer) throws Exception {
    try {
      answer.get(30, TimeUnit.SECONDS);
      return fail("expected a failure");
    } catch (ExecutionException e) {
      return assertInstanceOf(ApplicationFailure.class, e.getCause());
    }
  }
}
