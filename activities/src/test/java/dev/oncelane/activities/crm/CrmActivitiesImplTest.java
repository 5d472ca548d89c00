package dev.oncelane.activities.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.hubspot.CrmCallListener;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.workflows.crm.CrmFailures;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The activities' behaviour that needs no CRM: bad arguments and a CRM that is not there. */
class CrmActivitiesImplTest {

  private final List<Integer> statuses = new CopyOnWriteArrayList<>();
  private HubSpotClient client;
  private CrmActivitiesImpl crm;

  @BeforeEach
  void pointAtAClosedPort() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CrmCallListener listener = (op, status, nanos) -> statuses.add(status);
    client = new HubSpotClient(HubSpotConfig.of("http://127.0.0.1:" + port, "t0ken"), listener);
    crm = new CrmActivitiesImpl(client);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void badArgumentsFailAsValidationWithoutACall() {
    assertValidation(() -> crm.findByEmail(" "));
    assertValidation(() -> crm.findById("12; DROP"));
    assertValidation(() -> crm.create(Map.of()));
    assertValidation(() -> crm.update("../1", Map.of("firstname", "A")));
    assertTrue(statuses.isEmpty(), "no request was made: " + statuses);
  }

  @Test
  void anUnreachableCrmIsUnavailableAndRetried() {
    ApplicationFailure f =
        assertThrows(ApplicationFailure.class, () -> crm.create(Map.of("email", "a@b.c")));
    assertEquals(CrmFailures.UNAVAILABLE, f.getType());
    assertFalse(f.isNonRetryable());
    assertEquals(List.of(CrmCallListener.NO_ANSWER), statuses);
  }

  private static void assertValidation(Executable call) {
    ApplicationFailure f = assertThrows(ApplicationFailure.class, call);
    assertEquals(CrmFailures.VALIDATION, f.getType());
    assertTrue(f.isNonRetryable());
  }
}
