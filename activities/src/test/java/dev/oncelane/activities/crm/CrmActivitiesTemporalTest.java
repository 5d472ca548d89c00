package dev.oncelane.activities.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workflows.crm.ConflictDetails;
import dev.oncelane.workflows.crm.CrmActivities;
import dev.oncelane.workflows.crm.CrmContact;
import dev.oncelane.workflows.crm.CrmFailures;
import dev.oncelane.workflows.policy.LanePolicies;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The activities run by Temporal's activity test environment: failures cross Temporal's data
 * converter as the workflow will see them, and the attempt number comes from the activity context.
 */
class CrmActivitiesTemporalTest {

  private static final String TOKEN = "pat-na1-temporal-secret-77";

  private SandboxServer sandbox;
  private TestActivityEnvironment env;
  private HubSpotClient client;

  @BeforeEach
  void start() {
    sandbox =
        SandboxServer.start(new SandboxOptions("127.0.0.1", 0, TOKEN, 1L, FaultConfig.none()));
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    env.close();
    if (client != null) {
      client.close();
    }
    sandbox.close();
  }

  private CrmActivities activities(String token) {
    client = new HubSpotClient(HubSpotConfig.of(sandbox.baseUrl(), token));
    env.registerActivitiesImplementations(new CrmActivitiesImpl(client));
    // One attempt: the test looks at the failure the retry policy would act on.
    ActivityOptions once =
        ActivityOptions.newBuilder(LanePolicies.CRM)
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build();
    return env.newActivityStub(CrmActivities.class, once);
  }

  @Test
  void aConflictReachesTheWorkflowWithItsDetails() {
    CrmActivities crm = activities(TOKEN);
    CrmContact first = crm.create(Map.of("email", "grace@example.com"));

    ActivityFailure f =
        assertThrows(ActivityFailure.class, () -> crm.create(Map.of("email", "grace@example.com")));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, f.getCause());
    assertEquals(CrmFailures.CONFLICT, cause.getType());
    assertEquals(first.id(), cause.getDetails().get(ConflictDetails.class).existingId());
  }

  @Test
  void aBadTokenCarriesTheFirstAttemptsDelay() {
    CrmActivities crm = activities("pat-na1-not-the-token");
    ActivityFailure f = assertThrows(ActivityFailure.class, () -> crm.findByEmail("a@b.co"));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, f.getCause());
    assertEquals(CrmFailures.AUTH, cause.getType());
    assertEquals(Duration.ofSeconds(30), cause.getNextRetryDelay());
  }
}
