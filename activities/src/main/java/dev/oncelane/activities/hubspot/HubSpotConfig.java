package dev.oncelane.activities.hubspot;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * How to reach HubSpot. Immutable; the token is kept out of {@link #toString()} so a logged config
 * never leaks it.
 *
 * <p>The call timeout (one whole request, redirects and body included) stays below the CRM
 * activity's start-to-close timeout, so an attempt fails with a classified error rather than being
 * cut off by Temporal.
 *
 * @param baseUrl the API root, e.g. {@code https://api.hubapi.com} or a sandbox's URL
 * @param token the private-app token, sent only as {@code Authorization: Bearer}
 * @param connectTimeout TCP (and TLS) connect
 * @param readTimeout between two reads of the answer
 * @param writeTimeout between two writes of the request
 * @param callTimeout the whole call
 */
public record HubSpotConfig(
    String baseUrl,
    String token,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Duration callTimeout) {

  public static final String DEFAULT_BASE_URL = "https://api.hubapi.com";
  public static final String ENV_BASE_URL = "HUBSPOT_BASE_URL";
  public static final String ENV_TOKEN = "HUBSPOT_TOKEN";

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);

  public HubSpotConfig {
    if (baseUrl == null || baseUrl.isBlank()) {
      baseUrl = DEFAULT_BASE_URL;
    }
    baseUrl = baseUrl.trim();
    if (HttpUrl.parse(baseUrl) == null) {
      throw new IllegalArgumentException(
          "HubSpot base URL must be an http(s) URL, got '" + baseUrl + "'");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("HubSpot token is missing (set " + ENV_TOKEN + ")");
    }
    token = token.trim();
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    requirePositive(writeTimeout, "writeTimeout");
    requirePositive(callTimeout, "callTimeout");
  }

  /** A config with the default timeouts; a null or blank base URL means HubSpot's. */
  public static HubSpotConfig of(String baseUrl, String token) {
    return new HubSpotConfig(
        baseUrl,
        token,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_WRITE_TIMEOUT,
        DEFAULT_CALL_TIMEOUT);
  }

  /**
   * Reads {@code HUBSPOT_BASE_URL} (optional) and {@code HUBSPOT_TOKEN} (required) from an
   * environment such as {@code System.getenv()}.
   *
   * @throws IllegalArgumentException naming the variable that is missing or wrong
   */
  public static HubSpotConfig fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    return of(env.get(ENV_BASE_URL), env.get(ENV_TOKEN));
  }

  /** This config with other timeouts. */
  public HubSpotConfig withTimeouts(
      Duration connect, Duration read, Duration write, Duration call) {
    return new HubSpotConfig(baseUrl, token, connect, read, write, call);
  }

  /** Everything but the token. */
  @Override
  public String toString() {
    return "HubSpotConfig[baseUrl="
        + baseUrl
        + ", token=<redacted>, connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", writeTimeout="
        + writeTimeout
        + ", callTimeout="
        + callTimeout
        + "]";
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }
}
