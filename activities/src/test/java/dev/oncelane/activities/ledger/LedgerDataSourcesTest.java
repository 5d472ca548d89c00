package dev.oncelane.activities.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerDataSourcesTest {

  private final Path dataDir = Path.of("var", "oncelane");

  @Test
  void theConfiguredUrlWins() {
    assertEquals(
        "jdbc:postgresql://127.0.0.1/oncelane",
        LedgerDataSources.url(
            Map.of("ONCELANE_LEDGER_URL", " jdbc:postgresql://127.0.0.1/oncelane "), dataDir));
  }

  @Test
  void withoutConfigurationTheLedgerIsASqliteFileInTheDataDirectory() {
    String expected = "jdbc:sqlite:" + dataDir.resolve("ledger.db");

    assertEquals(expected, LedgerDataSources.url(Map.of(), dataDir));
    assertEquals(expected, LedgerDataSources.url(Map.of("ONCELANE_LEDGER_URL", "  "), dataDir));
  }
}
