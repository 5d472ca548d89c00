package dev.oncelane.activities.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Builds the ledger's pooled {@link javax.sql.DataSource} from a JDBC URL.
 *
 * <p>The URL comes from {@value #URL_VARIABLE}; without it the ledger is the SQLite file {@code
 * <dataDir>/ledger.db}. Production uses PostgreSQL ({@code jdbc:postgresql://host:5432/db}), whose
 * driver ships with this module; credentials are described in {@link LedgerDatabase}. Any other
 * JDBC URL works once its driver is on the class path.
 */
public final class LedgerDataSources {

  /** The environment variable that names the ledger's JDBC URL. */
  public static final String URL_VARIABLE = "ONCELANE_LEDGER_URL";

  private static final String SQLITE_PREFIX = "jdbc:sqlite:";

  /** Long enough to outwait another writer's short transaction, short of the activity timeout. */
  private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

  /** SQLite has one writer at a time; a few connections are for concurrent readers (WAL). */
  private static final int SQLITE_POOL_SIZE = 4;

  private static final int SERVER_POOL_SIZE = 8;

  private LedgerDataSources() {}

  /**
   * The ledger's JDBC URL: {@value #URL_VARIABLE} from {@code environment} when set, else {@link
   * #defaultUrl}.
   */
  public static String url(Map<String, String> environment, Path dataDir) {
    String configured = environment.get(URL_VARIABLE);
    return configured == null || configured.isBlank() ? defaultUrl(dataDir) : configured.trim();
  }

  /** {@code jdbc:sqlite:<dataDir>/ledger.db}. */
  public static String defaultUrl(Path dataDir) {
    return SQLITE_PREFIX + dataDir.resolve("ledger.db");
  }

  /**
   * Opens a connection pool on {@code jdbcUrl}. For a SQLite file, creates its directory and sets
   * WAL journaling, a busy timeout and {@code BEGIN IMMEDIATE} transactions, so that concurrent
   * read-then-write transactions wait for each other instead of failing with {@code SQLITE_BUSY}.
   * The caller closes the pool.
   */
  public static HikariDataSource open(String jdbcUrl) {
    return open(LedgerDatabase.at(jdbcUrl));
  }

  /**
   * Opens a connection pool on {@code database}, as its user when one is set; see {@link
   * #open(String)}. The caller closes the pool.
   */
  public static HikariDataSource open(LedgerDatabase database) {
    String jdbcUrl = database.jdbcUrl();
    HikariConfig config = new HikariConfig();
    config.setPoolName("oncelane-ledger");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(database.user());
    config.setPassword(database.password());
    if (jdbcUrl.startsWith(SQLITE_PREFIX)) {
      createDirectoryOf(jdbcUrl.substring(SQLITE_PREFIX.length()));
      config.setDataSourceProperties(sqliteSettings().toProperties());
      config.setMaximumPoolSize(SQLITE_POOL_SIZE);
    } else {
      config.setMaximumPoolSize(SERVER_POOL_SIZE);
    }
    return new HikariDataSource(config);
  }

  private static SQLiteConfig sqliteSettings() {
    SQLiteConfig settings = new SQLiteConfig();
    settings.setJournalMode(SQLiteConfig.JournalMode.WAL);
    settings.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
    settings.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // PostgreSQL enforces the trail's reference to its row; make SQLite behave the same.
    settings.enforceForeignKeys(true);
    return settings;
  }

  private static void createDirectoryOf(String sqliteTarget) {
    String file = sqliteTarget.split("\\?", 2)[0];
    // In-memory databases and file: URIs name no plain path to prepare.
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the ledger directory " + parent, e);
    }
  }
}
