package dev.oncelane.workers.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The input of a rerun beyond Temporal's retention: the ledger's stored event. */
class EventRerunnerTest {

  private static final long SUBMITTED = 1_700_000_000_000L;

  @Test
  void anImportedRowReplayedFromTheLedgerKeepsItsAcceptTimeSoALaterLineStillWins() {
    // Line 2 was begun by the feed a minute after line 5 (rows of an import start in any order).
    LedgerRow line2 = row("import:a", SUBMITTED + 2, SUBMITTED + 120_000);
    LedgerRow line5 = row("import:b", SUBMITTED + 5, SUBMITTED + 60_000);

    long acceptedLine2 = EventRerunner.fromLedger(line2).acceptedAt();
    long acceptedLine5 = EventRerunner.fromLedger(line5).acceptedAt();

    assertEquals(SUBMITTED + 2, acceptedLine2);
    assertEquals(SUBMITTED + 5, acceptedLine5);
  }

  @Test
  void aRowWrittenBeforeTheLedgerKeptTheAcceptTimeIsAcceptedWhenTheLedgerFirstSawIt() {
    LedgerRow old = row("generic:e1", null, SUBMITTED + 60_000);

    assertEquals(SUBMITTED + 60_000, EventRerunner.fromLedger(old).acceptedAt());
  }

  private static LedgerRow row(String processingId, Long acceptedAt, long createdAt) {
    return new LedgerRow(
        processingId,
        "import",
        "contact",
        "ada@example.com",
        SyncStatus.FAILED,
        "crm-1",
        "lane_error",
        "boom",
        1,
        "hash",
        createdAt,
        createdAt,
        new EventPayload(
            "import", "ada@example.com", Map.of("firstname", "Ada"), "2026-11-30T10:00:00Z"),
        acceptedAt);
  }
}
