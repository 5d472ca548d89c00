package dev.oncelane.workers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workflows.policy.LaneOrdering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaneEnvironmentTest {

  @TempDir Path home;

  @Test
  void newestWinsIsOnUnlessTheBenchmarkSwitchTurnsItOff() throws IOException {
    assertEquals(
        LaneOrdering.NEWEST_WINS, LaneEnvironment.fromEnv(env()).laneSettings().ordering());
    assertEquals(
        LaneOrdering.NEWEST_WINS,
        LaneEnvironment.fromEnv(env(LaneEnvironment.WITHOUT_NEWEST_WINS, "false"))
            .laneSettings()
            .ordering());
    assertEquals(
        LaneOrdering.LAST_WRITER_WINS,
        LaneEnvironment.fromEnv(env(LaneEnvironment.WITHOUT_NEWEST_WINS, "true"))
            .laneSettings()
            .ordering());
  }

  @Test
  void aBenchmarkSwitchThatIsNotTrueOrFalseIsAConfigurationProblem() throws IOException {
    Map<String, String> env = env(LaneEnvironment.WITHOUT_NEWEST_WINS, "yes");
    ConfigException refused =
        assertThrows(ConfigException.class, () -> LaneEnvironment.fromEnv(env));

    assertTrue(
        refused.problems().stream()
            .anyMatch(p -> p.toString().contains(LaneEnvironment.WITHOUT_NEWEST_WINS)),
        refused.problems().toString());
  }

  private Map<String, String> env(String... variables) throws IOException {
    Path profiles = home.resolve("temporal.toml");
    Files.writeString(profiles, "[profile.other]\naddress = \"elsewhere:7233\"\n");
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_CONFIG_FILE", profiles.toString());
    for (int i = 0; i < variables.length; i += 2) {
      env.put(variables[i], variables[i + 1]);
    }
    return env;
  }
}
