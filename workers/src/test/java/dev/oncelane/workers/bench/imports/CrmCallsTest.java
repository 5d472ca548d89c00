package dev.oncelane.workers.bench.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CrmCallsTest {

  @Test
  void createsUpdatesAndBatchWritesAreWritesAndReadsAndSearchesAreNot() {
    assertTrue(CrmCalls.isWrite("POST /crm/v3/objects/contacts"));
    assertTrue(CrmCalls.isWrite("PATCH /crm/v3/objects/contacts/{contactId}"));
    assertTrue(CrmCalls.isWrite("POST /crm/v3/objects/contacts/batch/create"));
    assertTrue(CrmCalls.isWrite("POST /crm/v3/objects/contacts/batch/upsert"));
    assertFalse(CrmCalls.isWrite("POST /crm/v3/objects/contacts/batch/read"));
    assertFalse(CrmCalls.isWrite("POST /crm/v3/objects/contacts/search"));
    assertFalse(CrmCalls.isWrite("GET /crm/v3/objects/contacts/{contactId}"));
    assertFalse(CrmCalls.isWrite("POST /crm/v3/properties/contacts"));
  }

  @Test
  void aRateLimitedWriteIsARequestButNotAWrite() {
    CrmCalls calls =
        CrmCalls.of(
            Map.of(
                "POST /crm/v3/objects/contacts/batch/update", Map.of("200", 3L, "429", 2L),
                "POST /crm/v3/objects/contacts/batch/read", Map.of("200", 4L, "dropped", 1L)));
    assertEquals(new CrmCalls(10, 2, 3), calls);
    assertEquals(8, calls.admitted());
    assertEquals(0.8, calls.perRow(10));
    assertEquals(new CrmCalls(0, 0, 0), calls.minus(calls));
  }
}
