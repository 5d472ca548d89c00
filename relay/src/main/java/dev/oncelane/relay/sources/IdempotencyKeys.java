package dev.oncelane.relay.sources;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;

/** Checks that a key read from a delivery can name a workflow. */
public final class IdempotencyKeys {

  /** Long enough for any UUID, ULID or provider id; short enough to keep workflow ids readable. */
  public static final int MAX_LENGTH = 200;

  /**
   * An email address inside a key: the key becomes the workflow id, which no payload codec
   * encrypts, so a key must not carry personal data.
   */
  private static final java.util.regex.Pattern EMAIL =
      java.util.regex.Pattern.compile("[^@]+@[^@]+\\.[A-Za-z]{2,}");

  private IdempotencyKeys() {}

  /**
   * The key, trimmed.
   *
   * @param where where the key was looked for, for the sender's benefit
   * @throws Rejection {@code missing_key} or {@code invalid_key}
   */
  public static String require(String key, String where) {
    if (key == null || key.isBlank()) {
      throw new Rejection(RejectionReason.MISSING_KEY, "No idempotency key: " + where);
    }
    String trimmed = key.trim();
    if (trimmed.length() > MAX_LENGTH) {
      throw new Rejection(
          RejectionReason.INVALID_KEY, "Idempotency key is longer than " + MAX_LENGTH + " chars");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new Rejection(
            RejectionReason.INVALID_KEY,
            "Idempotency key must be printable ASCII without spaces (character " + i + ")");
      }
    }
    if (EMAIL.matcher(trimmed).find()) {
      throw new Rejection(
          RejectionReason.INVALID_KEY,
          "Idempotency key holds an email address; it becomes the Temporal workflow id, which is"
              + " stored unencrypted: use an opaque id");
    }
    return trimmed;
  }
}
