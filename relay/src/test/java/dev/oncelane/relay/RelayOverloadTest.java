package dev.oncelane.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.relay.admission.HeldStarter;
import dev.oncelane.relay.readiness.Readiness;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real relay in front of a start that blocks (a stateful fake of Temporal's start): past its
 * start capacity every delivery is answered 503 {@code relay_overloaded} with {@code Retry-After},
 * nothing is started for it, no request goes unanswered and nothing is logged as an exception;
 * deliveries of an event whose start is pending are never shed.
 */
class RelayOverloadTest {

  private static final int IN_FLIGHT = 4;

  private final HeldStarter starter = new HeldStarter();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream stderr;
  private RelayServer relay;
  private Http http;

  @BeforeEach
  void captureTheLog() {
    stderr = System.err;
    System.setErr(new PrintStream(new Tee(stderr, log), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    starter.release();
    if (relay != null) {
      relay.close();
    }
    System.setErr(stderr);
  }

  private void start(RelayConfig.Builder config) {
    relay =
        RelayServer.start(
            config.port(0).build(), starter, () -> {}, Clock.systemUTC(), Readiness::ready);
    http = new Http(relay.port());
  }

  private static RelayConfig.Builder capacity(int inFlight, int waiting) {
    return RelayConfig.builder()
        .maxInFlightStarts(inFlight)
        .maxWaitingStarts(waiting)
        .overloadRetryAfter(Duration.ofSeconds(3));
  }

  private static byte[] body(String key) {
    return ("{\"type\":\"contact.upsert\",\"email\":\""
            + key
            + "@example.com\",\"properties\":{\"firstname\":\"Load\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private CompletableFuture<HttpResponse<String>> deliver(String key) {
    return http.postAsync("/webhooks/generic", body(key), Map.of("Idempotency-Key", key));
  }

  private static HttpResponse<String> answer(CompletableFuture<HttpResponse<String>> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw new AssertionError("a delivery got no answer: " + e.getCause(), e.getCause());
    }
  }

  private static void assertShed(HttpResponse<String> response) {
    assertEquals(503, response.statusCode(), response.body());
    assertTrue(
        response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json"),
        response.headers().toString());
    assertEquals("3", response.headers().firstValue("Retry-After").orElse(""));
    JsonNode problem = Http.json(response);
    assertEquals("urn:oncelane:problem:relay_overloaded", problem.path("type").asText());
    assertEquals("relay_overloaded", problem.path("reason").asText());
    assertEquals(503, problem.path("status").asInt());
    assertFalse(problem.path("title").asText().isBlank());
    assertTrue(problem.path("detail").asText().contains("nothing was started"), response.body());
  }

  private void assertNoExceptionLogged() {
    String logged = log.toString(StandardCharsets.UTF_8);
    assertFalse(logged.contains("Exception"), logged);
    assertFalse(logged.contains("ERROR"), logged);
  }

  private double scraped(String meter) {
    for (String line : http.get("/metrics").body().split("\n")) {
      if (line.startsWith(meter + " ")) {
        return Double.parseDouble(line.substring(meter.length() + 1));
      }
    }
    throw new AssertionError(meter + " not in /metrics");
  }

  @Test
  void pastItsStartCapacityTheRelayAnswers503WithRetryAfterAndStartsNothingForThoseDeliveries() {
    start(capacity(IN_FLIGHT, 0));
    int extra = 20;
    List<String> keys = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < IN_FLIGHT + extra; i++) {
      String key = "new-" + i + "-" + UUID.randomUUID();
      keys.add(key);
      answers.add(deliver(key));
    }

    Await.until(
        Duration.ofSeconds(20),
        () -> answers.stream().filter(CompletableFuture::isDone).count() == extra,
        extra + " deliveries answered while " + IN_FLIGHT + " starts are held");
    assertEquals(IN_FLIGHT, starter.entered().size(), "exactly the in-flight limit started");
    List<String> shedKeys = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).isDone()) {
        assertShed(answer(answers.get(i)));
        shedKeys.add(keys.get(i));
      }
    }
    assertEquals(extra, scraped("oncelane_relay_shed_total{source=\"generic\"}"));

    starter.release();
    int accepted = 0;
    for (CompletableFuture<HttpResponse<String>> future : answers) {
      HttpResponse<String> response = answer(future);
      if (response.statusCode() == 202) {
        accepted++;
      }
    }
    assertEquals(IN_FLIGHT, accepted);
    for (String key : shedKeys) {
      assertFalse(starter.hasRun("generic:" + key), "no run for a shed delivery");
    }
    assertEquals(IN_FLIGHT, starter.entered().size());

    // The load has passed: a shed delivery sent again is accepted, as a new event.
    HttpResponse<String> again = answer(deliver(shedKeys.get(0)));
    assertEquals(202, again.statusCode(), again.body());
    assertNoExceptionLogged();
  }

  @Test
  void
      twoHundredDeliveriesOfOneEventWhileTheRelayIsFullOfOtherEventsAreOneAcceptedAnd199Duplicates() {
    start(capacity(IN_FLIGHT, 0));
    List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
    for (int i = 0; i < IN_FLIGHT - 1; i++) {
      others.add(deliver("other-" + i + "-" + UUID.randomUUID()));
    }
    Await.until(
        Duration.ofSeconds(10),
        () -> starter.entered().size() == IN_FLIGHT - 1,
        "the other events' starts to be held");
    String key = "crowd-" + UUID.randomUUID();
    List<CompletableFuture<HttpResponse<String>>> crowd = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      crowd.add(deliver(key));
    }
    Await.until(
        Duration.ofSeconds(20),
        () -> scraped("oncelane_relay_deliveries_pending") == IN_FLIGHT - 1 + 200,
        "all 200 deliveries to wait on their event's one start");

    // The relay is full: a new event is shed, while the crowd still waits.
    assertShed(answer(deliver("late-" + UUID.randomUUID())));
    assertTrue(crowd.stream().noneMatch(CompletableFuture::isDone), "no delivery of it was shed");

    starter.release();
    Map<String, Integer> byStatus = new HashMap<>();
    List<String> runIds = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> future : crowd) {
      HttpResponse<String> response = answer(future);
      JsonNode body = Http.json(response);
      byStatus.merge(response.statusCode() + " " + body.path("status").asText(), 1, Integer::sum);
      runIds.add(body.path("runId").asText());
      if (response.statusCode() == 200) {
        assertEquals("running", body.path("state").asText(), response.body());
      }
    }
    assertEquals(Map.of("202 accepted", 1, "200 duplicate", 199), byStatus);
    assertEquals(1, runIds.stream().distinct().count(), "every answer names the same run");
    assertEquals(1, starter.entered().stream().filter(("generic:" + key)::equals).count());
    others.forEach(f -> assertEquals(202, answer(f).statusCode()));
    assertEquals(199, scraped("oncelane_relay_duplicates_total{source=\"generic\"}"));
    assertNoExceptionLogged();
  }

  @Test
  void aFloodLongerThanJettysThreadsAndQueueIsAnsweredNotDropped() {
    // The smallest pool Jetty runs with, and a queue of 8: while starts blocked Jetty's threads,
    // the 9th waiting request overflowed it (RejectedExecutionException, connection closed).
    start(capacity(2, 0).maxThreads(8).queueCapacity(8));
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String key = "flood-" + i + "-" + UUID.randomUUID();
      CompletableFuture<HttpResponse<String>> answer = deliver(key);
      answers.add(answer);
      Await.until(
          Duration.ofSeconds(10),
          () -> answer.isDone() || starter.entered().contains("generic:" + key),
          "delivery " + i + " to be answered or started");
    }

    assertEquals(2, starter.entered().size());
    long shed = answers.stream().filter(CompletableFuture::isDone).count();
    assertEquals(38, shed);
    answers.stream().filter(CompletableFuture::isDone).forEach(f -> assertShed(answer(f)));
    starter.release();
    assertEquals(
        2,
        answers.stream().map(RelayOverloadTest::answer).filter(r -> r.statusCode() == 202).count());
    assertNoExceptionLogged();
  }

  /** Writes to both streams, so the log still shows while the test reads it. */
  private static final class Tee extends OutputStream {
    private final PrintStream first;
    private final ByteArrayOutputStream second;

    Tee(PrintStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
