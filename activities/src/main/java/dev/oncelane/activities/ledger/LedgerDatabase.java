package dev.oncelane.activities.ledger;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the ledger lives and whom it connects as.
 *
 * <p>Credentials may ride in the URL ({@code jdbc:postgresql://db/ledger?user=…&password=…}) or
 * come separately from {@value #USER_VARIABLE} / {@value #PASSWORD_VARIABLE}, which keeps the
 * password out of a URL that is easy to paste into a log or a ticket. When both name a value, the
 * URL's wins (that is how the PostgreSQL driver reads them). {@link #toString()} and {@link
 * #describe()} never show a password.
 *
 * @param jdbcUrl the JDBC URL, e.g. {@code jdbc:sqlite:.oncelane/ledger.db}
 * @param user the database user, or {@code null} for the URL's or the driver's default
 * @param password the user's password, or {@code null}
 */
public record LedgerDatabase(String jdbcUrl, String user, String password) {

  /** The environment variable that names the ledger's database user. */
  public static final String USER_VARIABLE = "ONCELANE_LEDGER_USER";

  /** The environment variable that holds that user's password. */
  public static final String PASSWORD_VARIABLE = "ONCELANE_LEDGER_PASSWORD";

  private static final String MASK = CredentialMask.MASK;

  /** Rejects a missing URL; blank credentials count as absent. */
  public LedgerDatabase {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new IllegalArgumentException("the ledger needs a JDBC URL");
    }
    jdbcUrl = jdbcUrl.trim();
    user = blankToNull(user);
    password = blankToNull(password);
  }

  /** A database whose URL carries everything it needs. */
  public static LedgerDatabase at(String jdbcUrl) {
    return new LedgerDatabase(jdbcUrl, null, null);
  }

  /**
   * The ledger the environment configures: {@link LedgerDataSources#url the URL} (SQLite under
   * {@code dataDir} by default) and the optional {@value #USER_VARIABLE} / {@value
   * #PASSWORD_VARIABLE}.
   */
  public static LedgerDatabase fromEnv(Map<String, String> environment, Path dataDir) {
    return new LedgerDatabase(
        LedgerDataSources.url(environment, dataDir),
        environment.get(USER_VARIABLE),
        environment.get(PASSWORD_VARIABLE));
  }

  /** The URL with any password in it masked, and the user if one is set: safe to log. */
  public String describe() {
    String url = CredentialMask.mask(jdbcUrl);
    return user == null ? url : url + " as " + user;
  }

  @Override
  public String toString() {
    return "LedgerDatabase[" + describe() + (password == null ? "" : ", password " + MASK) + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
