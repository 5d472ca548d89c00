package dev.oncelane.workers.operator;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.worker.LaneParts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the operator commands find the lane: the environment, overridden by options. */
public final class LaneOptions {

  @Option(
      names = "--temporal-address",
      paramLabel = "HOST:PORT",
      description =
          "Temporal frontend (default: TEMPORAL_ADDRESS, the temporal CLI profile's, or"
              + " 127.0.0.1:7233)")
  String temporalAddress;

  @Option(
      names = "--namespace",
      description =
          "Temporal namespace (default: TEMPORAL_NAMESPACE, the temporal CLI profile's, or"
              + " default)")
  String namespace;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "where the default SQLite ledger lives (default: ONCELANE_DATA_DIR or .oncelane)")
  Path dataDir;

  @Option(
      names = "--ledger-url",
      paramLabel = "JDBC-URL",
      description = "the ledger's JDBC URL (default: ONCELANE_LEDGER_URL or the SQLite file)")
  String ledgerUrl;

  /** The process environment with the options laid over it. */
  public LaneEnvironment environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (temporalAddress != null) {
      env.put("TEMPORAL_ADDRESS", temporalAddress);
    }
    if (namespace != null) {
      env.put("TEMPORAL_NAMESPACE", namespace);
    }
    if (dataDir != null) {
      env.put("ONCELANE_DATA_DIR", dataDir.toString());
    }
    if (ledgerUrl != null) {
      env.put(LedgerDataSources.URL_VARIABLE, ledgerUrl);
    }
    return LaneEnvironment.fromEnv(env);
  }

  /** The ledger's JDBC URL, credentials masked, for messages. */
  public String ledgerUrl() {
    LaneEnvironment environment = environment();
    return dev.oncelane.activities.ledger.CredentialMask.mask(
        LedgerDataSources.url(environment.env(), environment.dataDir()));
  }

  /** Opens the ledger (creating its schema if this is a fresh one); the caller closes it. */
  public HikariDataSource openLedger() {
    return LaneParts.openLedger(environment());
  }

  /** A lazy connection to Temporal; nothing is dialled until the first call. */
  public TemporalConnection connectTemporal() {
    return TemporalConnection.connect(environment());
  }
}
