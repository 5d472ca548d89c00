package dev.oncelane.workers.commands;

import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.codec.PayloadEncryption;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.config.OncelaneConfig;
import dev.oncelane.workers.temporal.NamespaceCheck;
import dev.oncelane.workers.temporal.NamespaceNotReady;
import dev.oncelane.workers.worker.WorkerRuntime;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code oncelane worker}: the production worker process. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Run the contact-sync worker against TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE, writing to"
            + " HUBSPOT_BASE_URL with HUBSPOT_TOKEN and recording in ONCELANE_LEDGER_URL. Serves"
            + " GET /metrics on ONCELANE_METRICS_PORT (default 9464, 0 for none) and alerts on"
            + " ONCELANE_ALERT_CONFLICT_RATE / ONCELANE_ALERT_OPEN_REVIEWS within"
            + " ONCELANE_ALERT_WINDOW, posting to ONCELANE_ALERT_WEBHOOK when set. Refuses to start"
            + " (exit 2) when the namespace or the lane's search attributes are missing, printing"
            + " the commands that add them.")
public final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The configuration file.")
  Path config;

  @Override
  public Integer call() throws IOException {
    OncelaneConfig loaded = OncelaneConfig.load(config, System.getenv());
    loaded.requireHubSpot();
    LaneEnvironment environment = loaded.lane();
    WorkerRuntime worker;
    try {
      worker = WorkerRuntime.start(environment, NamespaceCheck.Mode.VERIFY);
    } catch (NamespaceNotReady e) {
      spec.commandLine().getErr().println(e.report().describe());
      return OncelaneCli.EXIT_NOT_SET_UP;
    }
    System.out.printf(
        "oncelane worker polling %s and %s on %s (namespace %s); %s%s%n",
        ContactSyncWorkflow.TASK_QUEUE,
        ContactSyncWorkflow.IMPORT_TASK_QUEUE,
        environment.temporalAddress(),
        environment.temporalNamespace(),
        PayloadEncryption.describe(environment.env(), environment.dataDir()),
        worker.metricsPort().map(p -> "; metrics on :" + p + "/metrics").orElse(""));
    Shutdown.awaitThen(worker::close);
    return 0;
  }
}
