package dev.oncelane.activities.hubspot;

import java.util.Map;

/**
 * One input of a batch write: {@code {"id"?, "properties":{…}, "objectWriteTraceId"}}.
 *
 * @param id the record id for {@code batch/update}; null for {@code batch/create}
 * @param properties what to write (at least one; every value a string, {@code ""} clears)
 * @param objectWriteTraceId a string unique within the batch, echoed in results and errors
 */
public record HubSpotBatchInput(
    String id, Map<String, String> properties, String objectWriteTraceId) {
  public HubSpotBatchInput {
    properties = Map.copyOf(properties);
  }
}
