package dev.oncelane.activities.crm;

import java.util.regex.Pattern;

/**
 * Masks personal data in text bound for log lines and failure messages. A failure's message is
 * written to the worker's log by the Temporal SDK ("Activity failure …") where no payload codec
 * reaches, and HubSpot's messages quote the values they refuse, e.g. {@code Email address
 * ada@@example.com is invalid}.
 */
public final class PersonalData {

  /** Any run of characters around an {@code @}: valid and invalid email addresses alike. */
  private static final Pattern EMAIL_LIKE =
      Pattern.compile("[^\\s\"'<>()\\[\\]{},;:]*@[^\\s\"'<>()\\[\\]{},;:]*");

  /** What a masked address reads as. */
  public static final String MASK = "<email>";

  private PersonalData() {}

  /**
   * The text with every email-like word replaced by {@value #MASK}, e.g. {@code "Email address
   * ada@example.com is invalid"} → {@code "Email address <email> is invalid"}; null stays null.
   */
  public static String maskEmails(String text) {
    return text == null ? null : EMAIL_LIKE.matcher(text).replaceAll(MASK);
  }
}
