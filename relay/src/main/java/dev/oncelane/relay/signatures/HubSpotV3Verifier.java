package dev.oncelane.relay.signatures;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.sources.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Checks HubSpot's v3 request signature (HubSpot, "Validating requests"): {@code
 * X-HubSpot-Signature-v3} is the base64 HMAC-SHA256, keyed with the app's client secret, of the
 * UTF-8 string {@code method + uri + body + timestamp}, where {@code timestamp} is the {@code
 * X-HubSpot-Request-Timestamp} header (milliseconds since the epoch) and {@code uri} the full URL
 * the request was sent to, with {@code %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B} decoded.
 * Timestamps more than five minutes away from the relay's clock are refused.
 *
 * <p>Behind a proxy the relay does not see the URL HubSpot signed; configure the source's {@code
 * publicUrl} (e.g. {@code https://hooks.example.com/webhooks/hubspot}) and the request's query
 * string is appended to it.
 */
public final class HubSpotV3Verifier implements SignatureVerifier {

  public static final String SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
  public static final String TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final Map<String, String> DECODED =
      Map.ofEntries(
          Map.entry("%3A", ":"),
          Map.entry("%2F", "/"),
          Map.entry("%3F", "?"),
          Map.entry("%40", "@"),
          Map.entry("%21", "!"),
          Map.entry("%24", "$"),
          Map.entry("%27", "'"),
          Map.entry("%28", "("),
          Map.entry("%29", ")"),
          Map.entry("%2A", "*"),
          Map.entry("%2C", ","),
          Map.entry("%3B", ";"));

  private final byte[] secret;
  private final String publicUrl;
  private final Clock clock;

  /**
   * @param secret the app's client secret
   * @param publicUrl the URL HubSpot posts to, or null to use the request's URL
   * @param clock the time timestamps are compared with
   */
  public HubSpotV3Verifier(String secret, String publicUrl, Clock clock) {
    this.secret = Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
    this.publicUrl = publicUrl;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The signature HubSpot would send; {@code uri} as HubSpot sees it. */
  public String sign(String method, String uri, byte[] body, String timestampMillis) {
    String source =
        method + decode(uri) + new String(body, StandardCharsets.UTF_8) + timestampMillis;
    return HmacSha256.base64(secret, source.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void verify(Delivery delivery) {
    String signature = delivery.header(SIGNATURE_HEADER);
    String timestamp = delivery.header(TIMESTAMP_HEADER);
    if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
      throw new Rejection(
          RejectionReason.SIGNATURE_MISSING,
          "HubSpot deliveries need the "
              + SIGNATURE_HEADER
              + " and "
              + TIMESTAMP_HEADER
              + " headers");
    }
    long millis;
    try {
      millis = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new Rejection(
          RejectionReason.SIGNATURE_TIMESTAMP_INVALID,
          TIMESTAMP_HEADER + " must be milliseconds since the epoch");
    }
    Duration skew = Duration.between(Instant.ofEpochMilli(millis), clock.instant()).abs();
    if (skew.compareTo(TOLERANCE) > 0) {
      throw new Rejection(
          RejectionReason.SIGNATURE_TIMESTAMP_INVALID,
          TIMESTAMP_HEADER
              + " is "
              + skew.toSeconds()
              + " s away from the relay's clock (tolerance "
              + TOLERANCE.toSeconds()
              + " s)");
    }
    String expected = sign(delivery.method(), uriOf(delivery), delivery.body(), timestamp.trim());
    if (!HmacSha256.constantTimeEquals(expected, signature.trim())) {
      throw new Rejection(
          RejectionReason.SIGNATURE_INVALID,
          SIGNATURE_HEADER
              + " does not match; check the source's secret and, behind a proxy, its publicUrl");
    }
  }

  private String uriOf(Delivery delivery) {
    String url = delivery.url() == null ? "" : delivery.url();
    if (publicUrl == null) {
      return url;
    }
    int query = url.indexOf('?');
    return query < 0 ? publicUrl : publicUrl + url.substring(query);
  }

  private static String decode(String uri) {
    StringBuilder out = new StringBuilder(uri.length());
    for (int i = 0; i < uri.length(); i++) {
      if (uri.charAt(i) == '%' && i + 2 < uri.length()) {
        String decoded = DECODED.get(uri.substring(i, i + 3).toUpperCase(java.util.Locale.ROOT));
        if (decoded != null) {
          out.append(decoded);
          i += 2;
          continue;
        }
      }
      out.append(uri.charAt(i));
    }
    return out.toString();
  }
}
