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
 */
public record DevOptions(
    Path dataDir,
    int relayPort,
    int temporalPort,
    int uiPort,
    int sandboxPort,
    long seed,
    boolean inMemory) {}
