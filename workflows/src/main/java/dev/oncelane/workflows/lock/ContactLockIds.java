package dev.oncelane.workflows.lock;

import dev.oncelane.workflows.sync.ContactEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Lock workflow ids. Workflow ids are never encrypted (payload codecs see only payloads), so the id
 * carries a SHA-256 of the normalized email, not the email.
 */
public final class ContactLockIds {

  public static final String PREFIX = "contact-lock:";

  private ContactLockIds() {}

  /**
   * {@code contact-lock:} + lower-case hex SHA-256 of the email as {@link
   * ContactEvent#normalizeEmail} normalizes it; e.g. {@code Ada@Example.com } and {@code
   * ada@example.com} share one lock.
   *
   * @throws IllegalArgumentException when {@code email} is null or blank
   */
  public static String forEmail(String email) {
    String normalized = ContactEvent.normalizeEmail(email);
    if (normalized == null || normalized.isEmpty()) {
      throw new IllegalArgumentException("a contact lock needs an email");
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
