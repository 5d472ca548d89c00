package dev.oncelane.activities.hubspot;

import java.util.List;

/**
 * HubSpot's answer to a batch call ({@code POST
 * /crm/v3/objects/contacts/batch/read|create|update}), 200 or 207 (multi-status). Results and
 * errors come in no particular order: match them to inputs by id, email or {@code
 * objectWriteTraceId}, never by position.
 *
 * @param httpStatus 200 (every input succeeded) or 207 (some failed)
 * @param results the records written or read, each with the trace id HubSpot echoed, if any
 * @param errors one envelope per failed input (or group of inputs): {@code category} e.g. {@code
 *     CONFLICT}, {@code VALIDATION_ERROR}, {@code OBJECT_NOT_FOUND}; {@code context} may name
 *     {@code ids} and {@code objectWriteTraceId}
 */
public record HubSpotBatchAnswer(int httpStatus, List<Result> results, List<HubSpotError> errors) {

  public HubSpotBatchAnswer {
    results = List.copyOf(results);
    errors = List.copyOf(errors);
  }

  /**
   * One record of {@code results[]}.
   *
   * @param contact the record
   * @param objectWriteTraceId the input's trace id as HubSpot echoed it, or null
   */
  public record Result(HubSpotContact contact, String objectWriteTraceId) {}
}
