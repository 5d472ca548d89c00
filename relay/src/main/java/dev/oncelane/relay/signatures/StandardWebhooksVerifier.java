package dev.oncelane.relay.signatures;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.sources.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Checks a Standard Webhooks signature: {@code webhook-signature} holds one or more space-separated
 * {@code v1,<base64>} entries, each an HMAC-SHA256 of {@code id.timestamp.body} keyed with the
 * base64-decoded secret (after its {@code whsec_} prefix). The timestamp must be within five
 * minutes of now, either way, so a captured delivery cannot be replayed later.
 */
public final class StandardWebhooksVerifier implements SignatureVerifier {

  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final String SECRET_PREFIX = "whsec_";
  private static final String VERSION_PREFIX = "v1,";

  private final byte[] key;
  private final Clock clock;

  /**
   * @param secret {@code whsec_} + base64 key bytes (the prefix is optional, as in the reference
   *     libraries)
   * @param clock the time the timestamp is compared with
   * @throws IllegalArgumentException when the secret is not base64 (the message omits the secret)
   */
  public StandardWebhooksVerifier(String secret, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(6) : secret;
    try {
      this.key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a Standard Webhooks secret must be whsec_ followed by base64 key bytes", null);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The {@code v1,…} signature a sender would put in {@code webhook-signature}. */
  public String sign(String id, long timestampSeconds, byte[] body) {
    byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return VERSION_PREFIX + HmacSha256.base64(key, signed);
  }

  @Override
  public void verify(Delivery delivery) {
    verify(
        delivery.header(ID_HEADER),
        delivery.header(TIMESTAMP_HEADER),
        delivery.header(SIGNATURE_HEADER),
        delivery.body());
  }

  /**
   * Accepts the delivery or throws.
   *
   * @throws Rejection {@code signature_missing}, {@code signature_timestamp_invalid} or {@code
   *     signature_invalid}
   */
  public void verify(String id, String timestamp, String signatures, byte[] body) {
    if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
      throw new Rejection(
          RejectionReason.SIGNATURE_MISSING,
          "Signed deliveries need the "
              + ID_HEADER
              + ", "
              + TIMESTAMP_HEADER
              + " and "
              + SIGNATURE_HEADER
              + " headers (Standard Webhooks)");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new Rejection(
          RejectionReason.SIGNATURE_TIMESTAMP_INVALID,
          TIMESTAMP_HEADER + " must be whole seconds since the epoch");
    }
    Instant sent = Instant.ofEpochSecond(seconds);
    Duration skew = Duration.between(sent, clock.instant()).abs();
    if (skew.compareTo(TOLERANCE) > 0) {
      throw new Rejection(
          RejectionReason.SIGNATURE_TIMESTAMP_INVALID,
          TIMESTAMP_HEADER
              + " is "
              + skew.toSeconds()
              + " s away from the relay's clock (tolerance "
              + TOLERANCE.toSeconds()
              + " s); resend with a fresh timestamp and signature, or check the sender's clock");
    }
    String expected = sign(id, seconds, body);
    boolean matched = false;
    for (String candidate : signatures.trim().split(" +")) {
      // Check every entry without stopping early, so timing says nothing about which one matched.
      matched |= HmacSha256.constantTimeEquals(expected, candidate);
    }
    if (!matched) {
      throw new Rejection(
          RejectionReason.SIGNATURE_INVALID,
          "No v1 entry in "
              + SIGNATURE_HEADER
              + " matches; check that the sender's secret equals the source's secret and that the body"
              + " reaches the relay unchanged");
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
