package dev.oncelane.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

  @Test
  void defaultsWhenTheEnvironmentIsEmpty() {
    RelayConfig config = RelayConfig.fromEnv(Map.of("TYPEFORM_SECRET", " "));

    assertEquals("127.0.0.1", config.host());
    assertEquals(8080, config.port());
    assertEquals(1024 * 1024, config.maxBodyBytes());
    assertNull(config.typeformSecret());
    assertNull(config.webhookSecret());
  }

  @Test
  void readsEveryVariable() {
    RelayConfig config =
        RelayConfig.fromEnv(
            Map.ofEntries(
                Map.entry("ONCELANE_RELAY_HOST", "0.0.0.0"),
                Map.entry("ONCELANE_RELAY_PORT", "9000"),
                Map.entry("ONCELANE_RELAY_MAX_BODY_BYTES", "2048"),
                Map.entry("TYPEFORM_SECRET", "tf-secret"),
                Map.entry("WEBHOOK_SECRET", "whsec_c2VjcmV0"),
                Map.entry("ONCELANE_TYPEFORM_FIELDS", "first=firstname,drop="),
                Map.entry("ONCELANE_TYPEFORM_MAPPED_ONLY", "true"),
                Map.entry("ONCELANE_RELAY_MAX_THREADS", "64"),
                Map.entry("ONCELANE_RELAY_MIN_THREADS", "8"),
                Map.entry("ONCELANE_RELAY_QUEUE_CAPACITY", "100"),
                Map.entry("ONCELANE_RELAY_MAX_IN_FLIGHT_STARTS", "12"),
                Map.entry("ONCELANE_RELAY_MAX_WAITING_STARTS", "0"),
                Map.entry("ONCELANE_RELAY_OVERLOAD_RETRY_AFTER_SECONDS", "7"),
                Map.entry("ONCELANE_RELAY_IDLE_TIMEOUT_MS", "1000"),
                Map.entry("ONCELANE_RELAY_START_TIMEOUT_MS", "2000"),
                Map.entry("ONCELANE_RELAY_SHUTDOWN_TIMEOUT_MS", "3000")));

    assertEquals("0.0.0.0", config.host());
    assertEquals(9000, config.port());
    assertEquals(2048, config.maxBodyBytes());
    assertEquals("tf-secret", config.typeformSecret());
    assertEquals("whsec_c2VjcmV0", config.webhookSecret());
    assertEquals("firstname", config.typeformFields().propertyFor("first"));
    assertNull(config.typeformFields().propertyFor("drop"));
    assertNull(config.typeformFields().propertyFor("other"));
    assertEquals(64, config.maxThreads());
    assertEquals(8, config.minThreads());
    assertEquals(100, config.queueCapacity());
    assertEquals(12, config.maxInFlightStarts());
    assertEquals(0, config.maxWaitingStarts());
    assertEquals(Duration.ofSeconds(7), config.overloadRetryAfter());
    assertEquals(Duration.ofSeconds(1), config.idleTimeout());
    assertEquals(Duration.ofSeconds(2), config.startTimeout());
    assertEquals(Duration.ofSeconds(3), config.shutdownTimeout());
  }

  @Test
  void namesTheVariableThatIsWrongAndNeverPrintsSecrets() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RelayConfig.fromEnv(Map.of("ONCELANE_RELAY_PORT", "http")));
    assertTrue(e.getMessage().contains("ONCELANE_RELAY_PORT"));

    String shown =
        RelayConfig.builder()
            .typeformSecret("tf-secret")
            .webhookSecret("whsec_c2VjcmV0")
            .build()
            .toString();
    assertFalse(shown.contains("tf-secret"));
    assertFalse(shown.contains("c2VjcmV0"));
  }
}
