package dev.oncelane.workers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrmThroughputConfigTest {

  @Test
  void byDefaultTheWorkerBatchesWithinHubSpotsProfessionalLimit() {
    CrmThroughputConfig config = CrmThroughputConfig.fromEnv(Map.of());
    assertTrue(config.batch().batching());
    assertEquals(Duration.ofMillis(200), config.batch().window());
    assertEquals(100, config.batch().maxInputs());
    assertEquals(190, config.budgetPer10s());
    assertFalse(config.direct());
  }

  @Test
  void batchingOffWithoutABudgetIsTodaysOneCallPerActivity() {
    CrmThroughputConfig config =
        CrmThroughputConfig.fromEnv(
            Map.of("ONCELANE_CRM_BATCHING", "off", "ONCELANE_CRM_BUDGET_PER_10S", "0"));
    assertTrue(config.direct());
    assertNull(config.budgetPlan());
  }

  @Test
  void everyWrongVariableIsListedAtOnce() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                CrmThroughputConfig.fromEnv(
                    Map.of(
                        "ONCELANE_CRM_BATCHING", "maybe",
                        "ONCELANE_CRM_BATCH_WINDOW", "soon",
                        "ONCELANE_CRM_BATCH_MAX", "250",
                        "ONCELANE_CRM_BUDGET_PER_10S", "5")));
    assertEquals(4, e.problems().size(), e.problems().toString());
  }
}
