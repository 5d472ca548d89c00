package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.relay.RelayConfig;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.workers.it.WebhookSender.Answer;
import dev.oncelane.workers.temporal.TemporalCliOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real server refusing a start for its size: a server whose blob size limit is below the
 * relay's input limit refuses an event the relay lets through, and the sender gets 413 naming the
 * limit (not 500, not a 503 it would retry for hours).
 */
class TemporalRefusalsIT extends RealServerTest {

  private static final int BLOB_LIMIT = 64 * 1024;

  @Test
  void anEventOverTheServersBlobSizeLimitButUnderTheRelaysGets413() throws Exception {
    temporal =
        RealTemporal.start(
            dataDir.resolve("temporal"),
            TemporalCliOptions.defaults()
                .withDynamicConfig("limit.blobSize.error", Integer.toString(BLOB_LIMIT))
                .withDynamicConfig("limit.blobSize.warn", Integer.toString(BLOB_LIMIT / 2)));
    lane =
        RealServerLane.start(
            dataDir, temporal.address(), FaultConfig.none(), RealServerLane.Worker.ELSEWHERE);
    WebhookSender sender = lane.sender();
    String notes = "x".repeat(2 * BLOB_LIMIT);
    assertTrue(
        notes.length() < RelayConfig.DEFAULT_MAX_INPUT_BYTES, "under the relay's own input limit");

    Answer refused =
        sender.deliver("large-1", WebhookSender.event("large@example.com", Map.of("notes", notes)));

    assertEquals(413, refused.status(), refused::toString);
    assertEquals("input_too_large", refused.body().path("reason").asText(), refused::toString);
    assertEquals("temporal", refused.body().path("refusedBy").asText(), refused::toString);
    assertTrue(
        refused.body().path("detail").asText().contains("limit.blobSize.error"), refused::toString);
    assertTrue(refused.body().path("inputBytes").asLong() > BLOB_LIMIT, refused::toString);

    Answer small =
        sender.deliver("large-2", WebhookSender.event("small@example.com", Map.of("a", "b")));
    assertEquals(202, small.status(), "the same lane takes an event under the limit: " + small);
  }
}
