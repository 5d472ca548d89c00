package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.workers.temporal.NamespaceCheck;
import dev.oncelane.workers.temporal.NamespaceReport;
import dev.oncelane.workers.temporal.TemporalCliOptions;
import dev.oncelane.workers.temporal.TemporalConnection;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A namespace that lacks what the lane needs is loud, never "202 and stuck": the worker refuses to
 * start and prints the exact commands, the relay's /readyz answers 503 naming what is missing, and
 * running the printed commands is all it takes to get going.
 */
class NamespaceSetupIT extends RealServerTest {

  private static final Duration EXITS = Duration.ofSeconds(90);

  private Map<String, String> workerEnv(String namespace) {
    return Map.of(
        "TEMPORAL_ADDRESS", temporal.address(),
        "TEMPORAL_NAMESPACE", namespace,
        "HUBSPOT_BASE_URL", lane.sandbox().baseUrl(),
        "HUBSPOT_TOKEN", SandboxOptions.DEFAULT_TOKEN,
        "ONCELANE_LEDGER_URL", lane.ledgerUrl(),
        "ONCELANE_DATA_DIR", dataDir.toString(),
        "ONCELANE_METRICS_PORT", "0");
  }

  @Test
  void withoutTheSearchAttributesTheWorkerRefusesAndReadyzIs503UntilThePrintedCommandsRun()
      throws Exception {
    temporal =
        RealTemporal.start(
            dataDir.resolve("temporal"), TemporalCliOptions.defaults().withoutSearchAttributes());
    lane =
        RealServerLane.start(
            dataDir, temporal.address(), FaultConfig.none(), RealServerLane.Worker.ELSEWHERE);
    Path log = dataDir.resolve("worker.log");

    assertEquals(2, WorkerProcess.runToExit(workerEnv("default"), log, EXITS), "exit code");

    String printed = Files.readString(log, StandardCharsets.UTF_8);
    List<String> commands = new ArrayList<>();
    for (String name : List.of("OncelaneStatus", "OncelaneReason", "OncelaneSource")) {
      assertTrue(printed.contains("search attribute " + name + " is not registered"), printed);
      String command =
          "temporal operator search-attribute create --address "
              + temporal.address()
              + " --namespace default --name "
              + name
              + " --type Keyword";
      assertTrue(printed.contains(command), printed);
      commands.add(command);
    }

    HttpResponse<String> readyz = lane.readyz();
    assertEquals(503, readyz.statusCode(), readyz.body());
    JsonNode problem = new ObjectMapper().readTree(readyz.body());
    assertEquals("lane_misconfigured", problem.path("reason").asText(), readyz.body());
    assertEquals(
        List.of("OncelaneStatus", "OncelaneReason", "OncelaneSource"),
        strings(problem.path("missing")));
    assertEquals(commands, strings(problem.path("commands")));

    for (String command : commands) {
      runCli(command);
    }

    // The relay reuses a readiness answer for a few seconds, then sees the attributes.
    Deadlines.awaitTrue(
        "/readyz answering 200",
        Duration.ofSeconds(30),
        () -> status(lane) == 200,
        () -> "status " + status(lane));
    try (WorkerProcess worker = WorkerProcess.start(workerEnv("default"), log)) {
      WebhookSender.Answer answer =
          lane.sender()
              .deliver(
                  "setup-1", WebhookSender.event("setup@example.com", Map.of("firstname", "Ada")));
      assertEquals(202, answer.status(), answer::toString);
      assertEquals(
          "completed",
          lane.awaitSettled("generic:setup-1", Duration.ofSeconds(60)).status().code());
    }
  }

  @Test
  void anUnknownNamespaceMakesTheWorkerRefuseWithTheCommandThatCreatesIt() throws Exception {
    temporal = RealTemporal.start(dataDir.resolve("temporal"));
    lane =
        RealServerLane.start(
            dataDir, temporal.address(), FaultConfig.none(), RealServerLane.Worker.ELSEWHERE);
    Path log = dataDir.resolve("worker.log");

    assertEquals(2, WorkerProcess.runToExit(workerEnv("oncelane-missing"), log, EXITS));

    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(
        printed.contains(
            "temporal operator namespace create --address "
                + temporal.address()
                + " --namespace oncelane-missing --retention 72h"),
        printed);
    assertTrue(
        printed.contains(
            "temporal operator search-attribute create --address "
                + temporal.address()
                + " --namespace oncelane-missing --name OncelaneStatus --type Keyword"),
        printed);
  }

  @Test
  void devModeRegistersOnlyWhatIsMissingAndThenPasses() throws Exception {
    temporal =
        RealTemporal.start(
            dataDir.resolve("temporal"), TemporalCliOptions.defaults().withoutSearchAttributes());
    runCli(
        "temporal operator search-attribute create --address "
            + temporal.address()
            + " --namespace default --name OncelaneReason --type Keyword");

    try (TemporalConnection connection = TemporalConnection.connect(temporal.address(), "default");
        NamespaceCheck check =
            new NamespaceCheck(connection.service(), temporal.address(), "default")) {
      NamespaceReport before = check.check();
      assertEquals(NamespaceReport.State.ATTRIBUTES_MISSING, before.state(), before.describe());
      assertEquals(List.of("OncelaneStatus", "OncelaneSource"), before.missing());

      NamespaceReport after = check.require(NamespaceCheck.Mode.REGISTER_MISSING, EXITS);

      assertTrue(after.ready(), after.describe());
      assertTrue(check.check().ready(), "a fresh check agrees");
    }
  }

  private static int status(RealServerLane lane) {
    try {
      return lane.relayReadiness();
    } catch (Exception e) {
      return -1;
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  /** Runs a printed {@code temporal …} command with the installed binary, as an operator would. */
  private static void runCli(String command) throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
    args.set(0, RealTemporal.binaryOrSkip().toString());
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), command + ": " + output);
  }
}
