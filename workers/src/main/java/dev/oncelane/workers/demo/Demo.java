package dev.oncelane.workers.demo;

import io.temporal.client.WorkflowClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Plays the demo scenarios and prints their table. */
public final class Demo {

  private Demo() {}

  /** True when every scenario's invariants held. */
  public static boolean play(
      String relayUrl,
      String sandboxUrl,
      WorkflowClient temporal,
      Duration timeout,
      PrintStream out)
      throws Exception {
    String tag = Long.toString(System.currentTimeMillis(), 36);
    out.println("playing the demo (run tag " + tag + "); the 409-without-id case takes ~15 s …");
    List<ScenarioResult> results =
        new DemoScenarios(new LaneEndpoints(relayUrl, sandboxUrl), temporal, timeout, tag)
            .playAll();
    print(results, out);
    return results.stream().allMatch(ScenarioResult::holds);
  }

  private static void print(List<ScenarioResult> results, PrintStream out) {
    String format = "%-4s %-48s %-52s %s%n";
    out.println();
    out.printf(format, "ok", "scenario", "expected", "observed");
    for (ScenarioResult r : results) {
      out.printf(format, r.holds() ? "yes" : "NO", r.scenario(), r.expected(), r.observed());
    }
    out.println();
    out.println(
        "The events in manual_review wait for you: ./oncelane review list (see the README).");
  }
}
