package dev.oncelane.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.relay.signatures.StandardWebhooksVerifier;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of seeded random requests — malformed, oversized, mistyped, forged, stale, keyless —
 * interleaved with valid deliveries (some delivered more than once), sent over real HTTP from
 * several threads at once. The relay must never answer 5xx, must start nothing for an invalid
 * request, and must start every valid event exactly once.
 *
 * <p>The seed is printed and can be fixed with {@code -Doncelane.fuzz.seed=n} to replay a failure.
 */
class RelayFuzzTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String FOREIGN_SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";
  private static final int MAX_BODY = 4096;
  private static final int REQUESTS = 600;
  private static final int SENDERS = 8;

  private TestWorkflowEnvironment env;
  private RelayServer relay;
  private Http http;

  @BeforeEach
  void startRelay() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.newWorker(ContactSyncWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(FakeContactSyncWorkflow.class);
    env.start();
    relay =
        RelayServer.start(
            RelayConfig.builder().port(0).webhookSecret(SECRET).maxBodyBytes(MAX_BODY).build(),
            env.getWorkflowClient());
    http = new Http(relay.port());
  }

  @AfterEach
  void stop() {
    relay.close();
    env.close();
  }

  /** A well-formed, signed event of a type the source does not sync: acknowledged, not started. */
  private static final String UNSYNCED_TYPE = "unsynced_event_type";

  /** One request of the stream and what the relay must make of it. */
  private record Probe(
      String kind,
      String contentType,
      byte[] body,
      Map<String, String> headers,
      String validId,
      String email) {

    boolean valid() {
      return validId != null;
    }
  }

  @Test
  void invalidRequestsStartNothingAndEveryValidEventStartsExactlyOnce() throws Exception {
    long seed = Long.getLong("oncelane.fuzz.seed", System.nanoTime());
    System.out.println("RelayFuzzTest seed " + seed + " (-Doncelane.fuzz.seed=" + seed + ")");
    String run = "fz" + UUID.randomUUID().toString().substring(0, 8) + "_";
    List<Probe> probes = new Generator(new Random(seed), run).probes(REQUESTS);

    List<HttpResponse<String>> answers = send(probes);

    Map<String, Integer> tally = new TreeMap<>();
    Map<String, Integer> acceptedById = new HashMap<>();
    Map<String, String> emailById = new HashMap<>();
    for (int i = 0; i < probes.size(); i++) {
      Probe probe = probes.get(i);
      HttpResponse<String> answer = answers.get(i);
      int status = answer.statusCode();
      String where = "seed " + seed + ", request " + i + " (" + probe.kind() + "): ";
      tally.merge(probe.kind() + " -> " + status, 1, Integer::sum);
      assertTrue(status < 500, where + status + " " + answer.body());
      if (probe.valid()) {
        assertTrue(status == 202 || status == 200, where + status + " " + answer.body());
        emailById.put(probe.validId(), probe.email());
        acceptedById.merge(probe.validId(), status == 202 ? 1 : 0, Integer::sum);
      } else if (probe.kind().equals(UNSYNCED_TYPE)) {
        assertEquals(200, status, where + answer.body());
        assertTrue(answer.body().contains("\"ignored\""), where + answer.body());
      } else {
        assertTrue(status >= 400, where + status + " " + answer.body());
      }
    }
    tally.forEach((k, v) -> System.out.println("  " + k + ": " + v));

    acceptedById.forEach(
        (id, accepted) -> assertEquals(1, accepted, "202 answers for valid event " + id));
    Await.until(
        Duration.ofSeconds(60),
        () ->
            emailById.keySet().stream()
                .allMatch(id -> !FakeContactSyncWorkflow.received("generic:" + id).isEmpty()),
        "every valid event's run to record it");
    emailById.forEach(
        (id, email) -> {
          List<ContactEvent> got = FakeContactSyncWorkflow.received("generic:" + id);
          assertEquals(1, got.size(), "runs started for " + id);
          assertEquals(email, got.get(0).email());
        });
    List<String> strays =
        FakeContactSyncWorkflow.RECEIVED.keySet().stream()
            .filter(pid -> pid.startsWith("generic:" + run))
            .filter(pid -> !emailById.containsKey(pid.substring("generic:".length())))
            .toList();
    assertEquals(List.of(), strays, "workflows started for invalid requests");
    assertTrue(emailById.size() > REQUESTS / 10, "the stream holds enough valid events");
  }

  private List<HttpResponse<String>> send(List<Probe> probes) throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (Probe probe : probes) {
        inFlight.add(
            senders.submit(
                () ->
                    http.post(
                        "/webhooks/generic", probe.contentType(), probe.body(), probe.headers())));
      }
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : inFlight) {
        answers.add(answer.get());
      }
      return answers;
    } finally {
      senders.shutdownNow();
    }
  }

  /** Builds the seeded stream; every invalid request carries an id no valid one uses. */
  private static final class Generator {

    private static final String JSON = "application/json";
    private final Random random;
    private final String run;
    private final StandardWebhooksVerifier signer =
        new StandardWebhooksVerifier(SECRET, Clock.systemUTC());
    private final StandardWebhooksVerifier foreignSigner =
        new StandardWebhooksVerifier(FOREIGN_SECRET, Clock.systemUTC());
    private final List<Probe> validSoFar = new ArrayList<>();
    private int counter;

    Generator(Random random, String run) {
      this.random = random;
      this.run = run;
    }

    List<Probe> probes(int count) {
      List<Probe> probes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        probes.add(next());
      }
      return probes;
    }

    private Probe next() {
      int roll = random.nextInt(100);
      if (roll < 25) {
        Probe valid = valid();
        validSoFar.add(valid);
        return valid;
      }
      if (roll < 35 && !validSoFar.isEmpty()) {
        return redelivery(validSoFar.get(random.nextInt(validSoFar.size())));
      }
      return invalid();
    }

    private Probe valid() {
      String id = run + "ok" + counter++;
      String email = "user" + random.nextInt(1_000_000) + "@example.com";
      byte[] body = event(email, properties());
      return new Probe("valid", jsonType(), body, signNow(id, body), id, email);
    }

    /** The same event again, freshly signed, as a sender's retry would be. */
    private Probe redelivery(Probe original) {
      return new Probe(
          "redelivery",
          jsonType(),
          original.body(),
          signNow(original.validId(), original.body()),
          original.validId(),
          original.email());
    }

    private Probe invalid() {
      String id = run + "bad" + counter++;
      byte[] good = event("bad" + counter + "@example.com", properties());
      long now = Instant.now().getEpochSecond();
      return switch (random.nextInt(16)) {
        case 0 -> {
          byte[] cut = truncate(good);
          yield bad("truncated_json", JSON, cut, signNow(id, cut));
        }
        case 1 -> {
          byte[] noise = noise();
          yield bad("random_bytes", JSON, noise, signNow(id, noise));
        }
        case 2 -> {
          byte[] array = pick("[]", "42", "\"text\"", "null", "", "{", "{\"a\":}").getBytes(UTF8);
          yield bad("not_an_object", JSON, array, signNow(id, array));
        }
        case 3 -> {
          byte[] big = event("big@example.com", Map.of("notes", "x".repeat(MAX_BODY)));
          yield bad("oversized", JSON, big, signNow(id, big));
        }
        case 4 ->
            bad(
                "wrong_content_type",
                pick(
                    "text/plain",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "application/json; charset=latin1",
                    null),
                good,
                signNow(id, good));
        case 5 -> bad("forged_signature", JSON, good, headers(id, now, "v1," + base64(random, 32)));
        case 6 ->
            bad("foreign_secret", JSON, good, headers(id, now, foreignSigner.sign(id, now, good)));
        case 7 -> {
          byte[] tampered = event("mallory@example.com", properties());
          yield bad("tampered_body", JSON, tampered, signNow(id, good));
        }
        case 8 -> {
          long at = now + (random.nextBoolean() ? -1 : 1) * (301 + random.nextInt(100_000));
          yield bad("stale_timestamp", JSON, good, headers(id, at, signer.sign(id, at, good)));
        }
        case 9 ->
            bad(
                "bad_timestamp",
                JSON,
                good,
                headers(id, signer.sign(id, now, good), pick("soon", "", "1e9", "-")));
        case 10 -> {
          Map<String, String> h = new LinkedHashMap<>(signNow(id, good));
          h.remove(
              pick(
                  StandardWebhooksVerifier.ID_HEADER,
                  StandardWebhooksVerifier.SIGNATURE_HEADER,
                  StandardWebhooksVerifier.TIMESTAMP_HEADER));
          yield bad("missing_header", JSON, good, h);
        }
        case 11 -> bad("unsigned_idempotency_key", JSON, good, Map.of("Idempotency-Key", id));
        case 12 -> {
          byte[] noEmail =
              "{\"type\":\"contact.upsert\",\"properties\":{\"firstname\":\"X\"}}".getBytes(UTF8);
          yield bad("missing_email", JSON, noEmail, signNow(id, noEmail));
        }
        case 13 -> {
          byte[] wrongType =
              new String(good, UTF8).replace("contact.upsert", "contact.deleted").getBytes(UTF8);
          yield bad(UNSYNCED_TYPE, JSON, wrongType, signNow(id, wrongType));
        }
        case 14 -> {
          byte[] nested =
              ("{\"type\":\"contact.upsert\",\"email\":\"n@example.com\","
                      + "\"properties\":{\"tags\":[1,2]}}")
                  .getBytes(UTF8);
          yield bad("nested_property", JSON, nested, signNow(id, nested));
        }
        default -> {
          byte[] badTime =
              new String(good, UTF8).replace("2025-01-31T12:00:00Z", "yesterday").getBytes(UTF8);
          yield bad("bad_occurred_at", JSON, badTime, signNow(id, badTime));
        }
      };
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

    private static Probe bad(String kind, String type, byte[] body, Map<String, String> headers) {
      return new Probe(kind, type, body, headers, null, null);
    }

    private String jsonType() {
      return pick("application/json", "application/json; charset=utf-8", "Application/JSON");
    }

    private Map<String, String> properties() {
      Map<String, String> properties = new TreeMap<>();
      properties.put("firstname", "N" + random.nextInt(10_000));
      if (random.nextBoolean()) {
        properties.put("company", "C\u00e9" + random.nextInt(100));
      }
      return properties;
    }

    private static byte[] event(String email, Map<String, String> properties) {
      StringBuilder props = new StringBuilder();
      properties.forEach(
          (k, v) ->
              props
                  .append(props.length() == 0 ? "" : ",")
                  .append('"')
                  .append(k)
                  .append("\":\"")
                  .append(v)
                  .append('"'));
      return ("{\"type\":\"contact.upsert\",\"occurredAt\":\"2025-01-31T12:00:00Z\",\"email\":\""
              + email
              + "\",\"properties\":{"
              + props
              + "}}")
          .getBytes(UTF8);
    }

    private byte[] truncate(byte[] body) {
      return java.util.Arrays.copyOf(body, 1 + random.nextInt(body.length - 2));
    }

    private byte[] noise() {
      byte[] noise = new byte[1 + random.nextInt(512)];
      random.nextBytes(noise);
      return noise;
    }

    private Map<String, String> signNow(String id, byte[] body) {
      long now = Instant.now().getEpochSecond();
      return headers(id, now, signer.sign(id, now, body));
    }

    private static Map<String, String> headers(String id, long at, String signature) {
      return headers(id, signature, Long.toString(at));
    }

    private static Map<String, String> headers(String id, String signature, String timestamp) {
      return Map.of(
          StandardWebhooksVerifier.ID_HEADER,
          id,
          StandardWebhooksVerifier.TIMESTAMP_HEADER,
          timestamp,
          StandardWebhooksVerifier.SIGNATURE_HEADER,
          signature);
    }

    private static String base64(Random random, int bytes) {
      byte[] raw = new byte[bytes];
      random.nextBytes(raw);
      return java.util.Base64.getEncoder().encodeToString(raw);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
      return options[random.nextInt(options.length)];
    }
  }
}
