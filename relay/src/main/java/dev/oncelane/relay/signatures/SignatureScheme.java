package dev.oncelane.relay.signatures;

import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a source's deliveries are signed, as named in the configuration file.
 *
 * <ul>
 *   <li>{@code typeform}: {@code Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, body)>}
 *   <li>{@code standard-webhooks}: {@code webhook-id}, {@code webhook-timestamp}, {@code
 *       webhook-signature: v1,<base64>} over {@code id.timestamp.body}, secret {@code whsec_…},
 *       five minutes' tolerance (standardwebhooks.com)
 *   <li>{@code hubspot-v3}: {@code X-HubSpot-Signature-v3}, base64 HMAC-SHA256 of {@code method +
 *       uri + body + timestamp}, {@code X-HubSpot-Request-Timestamp} in milliseconds, at most five
 *       minutes old (HubSpot, "Validating requests")
 *   <li>{@code none}: unsigned; only with the source's explicit {@code unsigned: true} opt-in
 * </ul>
 */
public enum SignatureScheme {
  TYPEFORM,
  STANDARD_WEBHOOKS,
  HUBSPOT_V3,
  NONE;

  /** The name in the configuration file, e.g. {@code standard-webhooks}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The scheme named {@code code}.
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static SignatureScheme parse(String code) {
    for (SignatureScheme scheme : values()) {
      if (scheme.code().equals(code)) {
        return scheme;
      }
    }
    throw new IllegalArgumentException("signature '" + code + "' is not one of " + codes() + "");
  }

  /** Every code, comma-separated. */
  public static String codes() {
    return Arrays.stream(values()).map(SignatureScheme::code).collect(Collectors.joining(", "));
  }

  /**
   * A verifier for this scheme keyed with {@code secret}; null for {@link #NONE}.
   *
   * @param publicUrl the URL senders post to, for {@code hubspot-v3} behind a proxy; null to use
   *     the request's own URL
   * @throws IllegalArgumentException when the secret cannot be used (never quoting it)
   */
  public SignatureVerifier verifier(String secret, String publicUrl, Clock clock) {
    return switch (this) {
      case TYPEFORM -> new TypeformSignatureVerifier(secret);
      case STANDARD_WEBHOOKS -> new StandardWebhooksVerifier(secret, clock);
      case HUBSPOT_V3 -> new HubSpotV3Verifier(secret, publicUrl, clock);
      case NONE -> null;
    };
  }
}
