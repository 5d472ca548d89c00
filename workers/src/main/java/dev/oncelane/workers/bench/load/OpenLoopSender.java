package dev.oncelane.workers.bench.load;

import dev.oncelane.workers.bench.RelaySender;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers deliveries to the relay at a fixed rate, open loop: request {@code i} is due at {@code
 * start + i / rate} whether or not earlier ones were answered, and its latency counts from that due
 * time, so a relay that falls behind shows its queueing in the latencies instead of slowing the
 * sender down (no coordinated omission).
 */
final class OpenLoopSender {

  /** One delivery: the idempotency key and the body. */
  record Delivery(String key, String body) {}

  /**
   * What an offer measured, which deliveries got the expected answer and which were answered 503
   * (its {@link AckResult#resent()} is still {@link AckResult.Resent#NONE}).
   */
  record Offered(AckResult result, List<Delivery> answeredAsExpected, List<Delivery> answered503) {}

  private static final Duration ANSWER_DEADLINE = Duration.ofMinutes(2);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI endpoint;
  private final PrintStream progress;

  /**
   * @param progress where a delivery that got no answer is reported, with the client's error
   */
  OpenLoopSender(int relayPort, PrintStream progress) {
    this.endpoint = RelaySender.endpoint(relayPort);
    this.progress = progress;
  }

  /**
   * Offers {@code deliveries} at {@code ratePerSecond} and waits for every answer.
   *
   * @param expectedStatus the answer every delivery should get; others are counted
   */
  Offered offer(String kind, List<Delivery> deliveries, double ratePerSecond, int expectedStatus)
      throws InterruptedException {
    int n = deliveries.size();
    double[] latenciesMs = new double[n];
    int[] statuses = new int[n];
    boolean[] shed = new boolean[n];
    CountDownLatch answered = new CountDownLatch(n);
    AtomicLong lastAnswer = new AtomicLong();
    long periodNanos = (long) (1e9 / ratePerSecond);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    for (int i = 0; i < n; i++) {
      long due = start + i * periodNanos;
      waitUntil(due);
      int index = i;
      HttpRequest request =
          RelaySender.request(endpoint, deliveries.get(i).key(), deliveries.get(i).body());
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, failure) -> {
                long now = System.nanoTime();
                latenciesMs[index] = (now - due) / 1e6;
                statuses[index] = response == null ? -1 : response.statusCode();
                if (failure != null) {
                  progress.printf(
                      "load: %s delivery %s got no answer after %.0f ms: %s%n",
                      kind, deliveries.get(index).key(), (now - due) / 1e6, failure);
                }
                shed[index] =
                    response != null
                        && response.statusCode() == 503
                        && response.body().contains("\"reason\":\"relay_overloaded\"");
                lastAnswer.accumulateAndGet(now, Math::max);
                answered.countDown();
              });
    }
    if (!answered.await(ANSWER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          answered.getCount() + " of " + n + " " + kind + " deliveries never answered");
    }
    List<Delivery> asExpected = new ArrayList<>();
    List<Delivery> unavailable = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (statuses[i] == expectedStatus) {
        asExpected.add(deliveries.get(i));
      } else if (statuses[i] == 503) {
        unavailable.add(deliveries.get(i));
      }
    }
    AckResult result =
        new AckResult(
            kind,
            ratePerSecond,
            Stats.perSecond(n, lastAnswer.get() - start),
            Stats.percentile(latenciesMs, 50),
            Stats.percentile(latenciesMs, 95),
            Stats.percentile(latenciesMs, 99),
            n,
            n - asExpected.size(),
            AckResult.Answers.of(statuses, shed),
            AckResult.Resent.NONE);
    return new Offered(result, asExpected, unavailable);
  }

  private static void waitUntil(long dueNanos) {
    long left;
    while ((left = dueNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }
}
