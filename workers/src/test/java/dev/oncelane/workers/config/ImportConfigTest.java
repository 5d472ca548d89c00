package dev.oncelane.workers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportConfigTest {

  @Test
  void byDefaultAnImportKeepsAtMostFiftyEventsUnsettled() {
    assertEquals(50, ImportConfig.fromEnv(Map.of()).maxInFlight());
    assertEquals(
        50, ImportConfig.fromEnv(Map.of("ONCELANE_IMPORT_MAX_IN_FLIGHT", " ")).maxInFlight());
  }

  @Test
  void theEnvironmentSetsTheBound() {
    assertEquals(
        7, ImportConfig.fromEnv(Map.of("ONCELANE_IMPORT_MAX_IN_FLIGHT", "7")).maxInFlight());
  }

  @Test
  void aBoundBelowOneOrNotANumberIsRefusedWithTheVariablesName() {
    for (String wrong : new String[] {"0", "-3", "lots"}) {
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> ImportConfig.fromEnv(Map.of("ONCELANE_IMPORT_MAX_IN_FLIGHT", wrong)));
      assertTrue(e.getMessage().contains("ONCELANE_IMPORT_MAX_IN_FLIGHT"), e.getMessage());
    }
  }

  @Test
  void importQueueSlotsDefaultToTwoWorkflowTasksAndTwentyActivitiesAndTheEnvironmentSetsThem() {
    ImportConfig defaults = ImportConfig.fromEnv(Map.of());
    assertEquals(2, defaults.workflowTaskSlots());
    assertEquals(20, defaults.activitySlots());
    ImportConfig set =
        ImportConfig.fromEnv(
            Map.of(
                "ONCELANE_IMPORT_WORKFLOW_TASK_SLOTS", "4", "ONCELANE_IMPORT_ACTIVITY_SLOTS", "8"));
    assertEquals(4, set.workflowTaskSlots());
    assertEquals(8, set.activitySlots());
  }

  @Test
  void everyWrongSlotCountIsListedWithItsVariablesName() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ImportConfig.fromEnv(
                    Map.of(
                        "ONCELANE_IMPORT_WORKFLOW_TASK_SLOTS", "1",
                        "ONCELANE_IMPORT_ACTIVITY_SLOTS", "none")));
    assertTrue(e.getMessage().contains("ONCELANE_IMPORT_WORKFLOW_TASK_SLOTS"), e.getMessage());
    assertTrue(e.getMessage().contains("ONCELANE_IMPORT_ACTIVITY_SLOTS"), e.getMessage());
  }
}
