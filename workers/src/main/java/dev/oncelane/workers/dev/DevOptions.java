package dev.oncelane.workers.dev;

import java.nio.file.Path;

/**
 * Where dev mode puts things.
 *
 * @param dataDir the data directory (ledger, Temporal's file, logs)
 * @param relayPort the relay's port
 * @param temporalPort the Temporal frontend's port
 * @param uiPort the Temporal Web UI's port (real dev server only)
 * @param sandboxPort the HubSpot sandbox's port
 * @param seed the sandbox's fault seed
 * @param inMemory use the in-memory test server even when the {@code temporal} CLI is installed
 * @param codecPort the codec server's port (0: any free port)
 */
public record DevOptions(
    Path dataDir,
    int relayPort,
    int temporalPort,
    int uiPort,
    int sandboxPort,
    long seed,
    boolean inMemory,
    int codecPort) {

  /** The options with the codec server on any free port. */
  public DevOptions(
      Path dataDir,
      int relayPort,
      int temporalPort,
      int uiPort,
      int sandboxPort,
      long seed,
      boolean inMemory) {
    this(dataDir, relayPort, temporalPort, uiPort, sandboxPort, seed, inMemory, 0);
  }
}
