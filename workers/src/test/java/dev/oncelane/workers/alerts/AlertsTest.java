package dev.oncelane.workers.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.sync.ContactEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsTest {

  private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aFigureThatStaysHighAlertsOncePerWindow() {
    ManualClock clock = new ManualClock();
    AlertEvaluator evaluator =
        new AlertEvaluator(new AlertSettings(50.0, 3, Duration.ofMinutes(5), null), clock);

    List<Alert> first = evaluator.evaluate(100, 6, 3);
    assertEquals(
        List.of(Alert.Kind.CONFLICT_RATE, Alert.Kind.OPEN_REVIEWS),
        first.stream().map(Alert::kind).toList());
    assertEquals(60.0, first.get(0).value(), 1e-9);

    clock.now = T0.plus(Duration.ofMinutes(4));
    assertEquals(List.of(), evaluator.evaluate(100, 9, 10));

    clock.now = T0.plus(Duration.ofMinutes(5));
    assertEquals(2, evaluator.evaluate(100, 9, 10).size());
  }

  @Test
  void laneErrorsAtTheirThresholdAlertOncePerWindow() {
    ManualClock clock = new ManualClock();
    AlertEvaluator evaluator =
        new AlertEvaluator(new AlertSettings(null, null, 2, Duration.ofMinutes(5), null), clock);

    assertEquals(List.of(), evaluator.evaluate(10, 0, 0, 1));
    List<Alert> alerts = evaluator.evaluate(10, 0, 0, 2);

    assertEquals(List.of(Alert.Kind.LANE_ERRORS), alerts.stream().map(Alert::kind).toList());
    assertTrue(alerts.get(0).text().contains("2 events failed with a lane error"));
    assertEquals(List.of(), evaluator.evaluate(10, 0, 0, 3));
    assertEquals(2, AlertSettings.fromEnv(Map.of("ONCELANE_ALERT_LANE_ERRORS", "2")).laneErrors());
  }

  @Test
  void figuresBelowTheirThresholdsOrWithoutWritesStayQuiet() {
    AlertEvaluator evaluator =
        new AlertEvaluator(
            new AlertSettings(50.0, 3, Duration.ofMinutes(5), null), new ManualClock());
    assertEquals(List.of(), evaluator.evaluate(100, 4, 2));
    assertEquals(List.of(), evaluator.evaluate(0, 0, 0));
  }

  @Test
  void settingsComeFromTheEnvironmentAndBadValuesAreNamed() {
    AlertSettings settings =
        AlertSettings.fromEnv(
            Map.of(
                "ONCELANE_ALERT_CONFLICT_RATE", "12.5",
                "ONCELANE_ALERT_WINDOW", "10m",
                "ONCELANE_ALERT_WEBHOOK", "http://127.0.0.1:9/hook"));
    assertEquals(12.5, settings.conflictRatePerThousand());
    assertEquals(null, settings.openReviews());
    assertEquals(Duration.ofMinutes(10), settings.window());
    assertTrue(settings.enabled());
    assertTrue(!AlertSettings.fromEnv(Map.of()).enabled());
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> AlertSettings.fromEnv(Map.of("ONCELANE_ALERT_OPEN_REVIEWS", "many")));
    assertTrue(bad.getMessage().contains("ONCELANE_ALERT_OPEN_REVIEWS"));
  }

  @Test
  void openReviewsPostOneSlackMessagePerWindowToTheWebhook(@TempDir Path dir) throws IOException {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          received.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    try (HikariDataSource data = LedgerDataSources.open(LedgerDataSources.defaultUrl(dir))) {
      LedgerSchema.create(data);
      JdbcLedger ledger = new JdbcLedger(data);
      for (String id : List.of("generic:a", "generic:b")) {
        ledger.begin(new ContactEvent(id, "generic", id + "@example.com", Map.of(), null, "h"));
        ledger.record(
            new Transition(
                id,
                3,
                SyncStatus.PROCESSING,
                SyncStatus.MANUAL_REVIEW,
                1,
                "oncelane",
                "object_gone",
                null,
                "gone",
                null,
                1));
      }
      URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
      AlertSettings settings = new AlertSettings(null, 2, Duration.ofMinutes(5), hook);
      ManualClock clock = new ManualClock();
      clock.now = Instant.now();
      AlertEvaluator evaluator = new AlertEvaluator(settings, clock);
      AlertNotifier notifier = new AlertNotifier(hook);

      AlertScheduler.check(settings, ledger, evaluator, notifier, clock);
      AlertScheduler.check(settings, ledger, evaluator, notifier, clock);

      assertEquals(1, received.size(), received.toString());
      String text = new ObjectMapper().readTree(received.get(0)).path("text").asText();
      assertTrue(text.contains("2 events wait in manual review"), text);

      clock.now = clock.now.plus(Duration.ofMinutes(5));
      AlertScheduler.check(settings, ledger, evaluator, notifier, clock);
      assertEquals(2, received.size());
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void checksComeAFifthOfTheWindowApartWithinBounds() {
    assertEquals(Duration.ofMinutes(1), AlertScheduler.checkEvery(Duration.ofMinutes(5)));
    assertEquals(Duration.ofSeconds(1), AlertScheduler.checkEvery(Duration.ofSeconds(2)));
    assertEquals(Duration.ofMinutes(1), AlertScheduler.checkEvery(Duration.ofHours(1)));
    assertEquals(Duration.ofSeconds(12), AlertScheduler.checkEvery(Duration.ofMinutes(1)));
  }
}
