package dev.oncelane.activities.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerDatabaseTest {

  private final Path dataDir = Path.of("var", "oncelane");

  @Test
  void credentialsComeFromTheirOwnVariables() {
    LedgerDatabase database =
        LedgerDatabase.fromEnv(
            Map.of(
                "ONCELANE_LEDGER_URL", "jdbc:postgresql://db:5432/oncelane",
                "ONCELANE_LEDGER_USER", "lane",
                "ONCELANE_LEDGER_PASSWORD", "pa ss"),
            dataDir);

    assertEquals(
        new LedgerDatabase("jdbc:postgresql://db:5432/oncelane", "lane", "pa ss"), database);
  }

  @Test
  void withoutVariablesTheDefaultSqliteFileNeedsNoCredentials() {
    LedgerDatabase database = LedgerDatabase.fromEnv(Map.of("ONCELANE_LEDGER_USER", " "), dataDir);

    assertEquals(LedgerDataSources.defaultUrl(dataDir), database.jdbcUrl());
    assertNull(database.user());
    assertNull(database.password());
  }

  @Test
  void neitherDescriptionShowsAPassword() {
    LedgerDatabase database =
        new LedgerDatabase(
            "jdbc:postgresql://db/oncelane?user=lane&Password=in-url&ssl=true", "lane", "separate");

    assertEquals(
        "jdbc:postgresql://db/oncelane?user=lane&Password=****&ssl=true as lane",
        database.describe());
    assertFalse(database.toString().contains("in-url"), database.toString());
    assertFalse(database.toString().contains("separate"), database.toString());
    assertTrue(database.toString().contains("password ****"), database.toString());
  }

  @Test
  void aMissingUrlIsRefused() {
    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> LedgerDatabase.at(" "));

    assertEquals("the ledger needs a JDBC URL", failure.getMessage());
  }
}
