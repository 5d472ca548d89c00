package dev.oncelane.workers.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oncelane.sandbox.http.CallStats.EndpointUsage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrmUsageTest {

  @Test
  void usageSumsEveryEndpointOfTheSandbox() {
    CrmUsage usage =
        CrmUsage.of(
            Map.of(
                "GET /crm/v3/objects/contacts/{contactId}", new EndpointUsage(120, 20, 0, 0),
                "POST /crm/v3/objects/contacts", new EndpointUsage(105, 5, 0, 0),
                "POST /crm/v3/objects/contacts/batch/read", new EndpointUsage(4, 1, 3, 240)));

    assertEquals(new CrmUsage(229, 26, 3, 240), usage);
  }

  @Test
  void callsPerEventCountOnlyRequestsTheRateLimitLetThrough() {
    CrmUsage twoPerEventWithRetries = new CrmUsage(250, 50, 0, 0);

    assertEquals(2.0, twoPerEventWithRetries.callsPerEvent(100));
    assertEquals(0.2, twoPerEventWithRetries.rateLimitedShare());
  }

  @Test
  void meanBatchSizeIsInputsPerAdmittedBatchRequest() {
    assertEquals(80.0, new CrmUsage(6, 1, 5, 400).meanBatchSize());
    assertEquals(0.0, new CrmUsage(200, 0, 0, 0).meanBatchSize());
  }

  @Test
  void noRequestsAndNoEventsGiveZeroesRatherThanNaN() {
    CrmUsage none = new CrmUsage(0, 0, 0, 0);

    assertEquals(0.0, none.rateLimitedShare());
    assertEquals(0.0, none.callsPerEvent(0));
  }
}
