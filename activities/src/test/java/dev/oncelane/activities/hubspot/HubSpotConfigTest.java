package dev.oncelane.activities.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubSpotConfigTest {

  private static final String TOKEN = "pat-na1-secret-0000";

  @Test
  void fromEnvDefaultsTheBaseUrlAndTimeouts() {
    HubSpotConfig c = HubSpotConfig.fromEnv(Map.of("HUBSPOT_TOKEN", TOKEN));
    assertEquals("https://api.hubapi.com", c.baseUrl());
    assertEquals(TOKEN, c.token());
    assertEquals(Duration.ofSeconds(5), c.connectTimeout());
    assertEquals(Duration.ofSeconds(15), c.readTimeout());
    assertEquals(Duration.ofSeconds(15), c.writeTimeout());
    assertEquals(Duration.ofSeconds(20), c.callTimeout());
  }

  @Test
  void fromEnvReadsTheBaseUrl() {
    HubSpotConfig c =
        HubSpotConfig.fromEnv(
            Map.of("HUBSPOT_TOKEN", TOKEN, "HUBSPOT_BASE_URL", " http://127.0.0.1:8080 "));
    assertEquals("http://127.0.0.1:8080", c.baseUrl());
  }

  @Test
  void aMissingTokenNamesTheVariable() {
    var e = assertThrows(IllegalArgumentException.class, () -> HubSpotConfig.fromEnv(Map.of()));
    assertTrue(e.getMessage().contains("HUBSPOT_TOKEN"), e.getMessage());
  }

  @Test
  void aBadBaseUrlIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> HubSpotConfig.of("ftp://x", TOKEN));
    assertTrue(e.getMessage().contains("ftp://x"), e.getMessage());
  }

  @Test
  void timeoutsMustBePositive() {
    HubSpotConfig c = HubSpotConfig.of(null, TOKEN);
    Duration s = Duration.ofSeconds(1);
    assertThrows(IllegalArgumentException.class, () -> c.withTimeouts(Duration.ZERO, s, s, s));
    assertEquals(s, c.withTimeouts(s, s, s, s).callTimeout());
  }

  @Test
  void toStringHidesTheToken() {
    String s = HubSpotConfig.of(null, TOKEN).toString();
    assertFalse(s.contains(TOKEN), s);
    assertTrue(s.contains("api.hubapi.com"), s);
  }
}
