package dev.oncelane.workflows.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RerunTest {

  @Test
  void aRerunRecordedBeforeForceAndPropertiesExistedReadsAsAPlainRerun() {
    String recorded =
        "{\"processingId\":\"generic:e1\",\"source\":\"generic\",\"email\":\"a@example.com\","
            + "\"properties\":{\"firstname\":\"A\"},\"occurredAt\":null,\"payloadHash\":\"h\","
            + "\"rerun\":{\"by\":\"alice\",\"reason\":\"CRM fixed\"},\"acceptedAt\":5}";
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
            .setData(com.google.protobuf.ByteString.copyFrom(recorded, StandardCharsets.UTF_8))
            .build();

    ContactEvent event =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            payload, ContactEvent.class, ContactEvent.class);

    assertEquals(new Rerun("alice", "CRM fixed"), event.rerun());
    assertNull(event.rerun().force());
    assertNull(event.rerun().properties());
    assertFalse(event.rerun().rewritesSettled());
    assertEquals("rerun: CRM fixed", event.rerun().describe());
    assertEquals(Rerun.RERUN, event.rerun().startedWith());
  }

  @Test
  void aReplaysRerunSaysSoAfterTheRoundTripThroughAPayload() {
    ContactEvent event =
        new ContactEvent("generic:e1", "generic", "a@example.com", Map.of(), null, "h")
            .withRerun(Rerun.replay("alice", "CRM back"));

    Payload payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(event).orElseThrow();
    ContactEvent read =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            payload, ContactEvent.class, ContactEvent.class);

    assertEquals(event, read);
    assertEquals(Rerun.REPLAY, read.rerun().startedWith());
    assertFalse(read.rerun().rewritesSettled());
  }

  @Test
  void aForcedRerunAndABackfillSurviveTheRoundTripThroughAPayload() {
    ContactEvent event =
        new ContactEvent("generic:e1", "generic", "a@example.com", Map.of(), null, "h")
            .withRerun(Rerun.backfill("alice", "seed fix", List.of("firstname", "lastname")));

    Payload payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(event).orElseThrow();
    ContactEvent read =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            payload, ContactEvent.class, ContactEvent.class);

    assertEquals(event, read);
    assertTrue(read.rerun().rewritesSettled());
    assertEquals("backfill: firstname,lastname; seed fix", read.rerun().describe());
    assertEquals("forced rerun: why", Rerun.forced("bob", "why").describe());
  }

  @Test
  void aBackfillMustNameAProperty() {
    assertThrows(IllegalArgumentException.class, () -> Rerun.backfill("a", null, List.of()));
  }
}
