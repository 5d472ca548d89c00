package dev.oncelane.activities.ledger;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in text that may be shown (CLI output, logs, exception messages): the user info
 * of any URL ({@code postgresql://ada:secret@db/x} → {@code postgresql://****@db/x}) and the value
 * of every password-like parameter, in any case and after {@code ?}, {@code &} or {@code ;} ({@code
 * password}, {@code sslpassword} (the {@code sslkey}'s passphrase), {@code keyStorePassword},
 * {@code trustStorePassword}, {@code passphrase}, {@code pwd}, {@code secret}, {@code token},
 * {@code apikey}…).
 *
 * <pre>{@code
 * mask("jdbc:postgresql://db:5432/oncelane?user=ol&sslpassword=k3y&PASSWORD=pw")
 *   → "jdbc:postgresql://db:5432/oncelane?user=ol&sslpassword=****&PASSWORD=****"
 * }</pre>
 */
public final class CredentialMask {

  /** What a masked value is replaced with. */
  public static final String MASK = "****";

  private static final Pattern USER_INFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s@?#]+@");

  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)([?&;]\\s*[a-z0-9_.-]*(?:password|passwd|passphrase|pwd|secret|token|apikey|api_key)"
              + "[a-z0-9_.-]*\\s*=)[^&;#\\s\"']*");

  private CredentialMask() {}

  /** {@code text} with every URL user info and password-like parameter value masked. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked =
        USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + MASK + "@");
    return SECRET_PARAMETER
        .matcher(masked)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + MASK);
  }
}
