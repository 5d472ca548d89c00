package dev.oncelane.relay.signatures;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.sources.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Checks Typeform's {@code Typeform-Signature} header: {@code sha256=} followed by the base64
 * HMAC-SHA256 of the raw body, keyed with the webhook's secret.
 */
public final class TypeformSignatureVerifier implements SignatureVerifier {

  public static final String HEADER = "Typeform-Signature";
  private static final String PREFIX = "sha256=";

  private final byte[] secret;

  public TypeformSignatureVerifier(String secret) {
    this.secret = Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
  }

  /** The header value Typeform would send for this body. */
  public String sign(byte[] body) {
    return PREFIX + HmacSha256.base64(secret, body);
  }

  @Override
  public void verify(Delivery delivery) {
    verify(delivery.header(HEADER), delivery.body());
  }

  /**
   * Accepts the body or throws.
   *
   * @param header the {@code Typeform-Signature} value, or null when absent
   * @throws Rejection {@code signature_missing} or {@code signature_invalid}
   */
  public void verify(String header, byte[] body) {
    if (header == null || header.isBlank()) {
      throw new Rejection(
          RejectionReason.SIGNATURE_MISSING,
          "This endpoint requires the "
              + HEADER
              + " header; set the secret on the Typeform webhook");
    }
    if (!HmacSha256.constantTimeEquals(sign(body), header.trim())) {
      throw new Rejection(
          RejectionReason.SIGNATURE_INVALID,
          HEADER
              + " does not match the body; check that the webhook's secret equals the source's secret"
              + " and that the body reaches the relay unchanged");
    }
  }
}
