package dev.oncelane.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.sandbox.contacts.ContactRecord;
import dev.oncelane.sandbox.contacts.ContactStore;
import dev.oncelane.sandbox.contacts.ContactView;
import dev.oncelane.sandbox.contacts.PropertyCatalog;
import dev.oncelane.sandbox.contacts.PropertyProblem;
import dev.oncelane.sandbox.contacts.PropertyValidator;
import dev.oncelane.sandbox.contacts.WriteOutcome;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The batch calls, failing whole or per row as HubSpot is documented and reported to (see
 * hubspot-notes: "one bad row can fail a whole batch"):
 *
 * <ul>
 *   <li>{@code batch/create} and {@code batch/upsert} are all or nothing: one invalid property
 *       value (an invalid email, an unknown property) refuses the whole call with 400 {@code
 *       VALIDATION_ERROR}, and one email that is taken (or named twice in a create) with 409 {@code
 *       CONFLICT}, the message naming the existing id as a single create's does; nothing is written
 *       then.
 *   <li>{@code batch/read} and {@code batch/update} handle each input on its own, in order: a
 *       failed input becomes one entry of {@code errors[]} (its objectWriteTraceId, if any, in the
 *       entry's context) and the others still apply.
 * </ul>
 *
 * The answer is 200 when every input succeeded, else 207 with {@code numErrors}. A malformed
 * request as a whole (no inputs array, over 100 inputs, duplicate ids, batch/update by email) is a
 * plain 400 and nothing is applied. A batch call counts as one request against the rate limit.
 */
final class BatchEndpoints {

  static final int MAX_INPUTS = 100;
  private static final int MULTI_STATUS = 207;

  private final ContactStore store;
  private final ContactEndpoints single;
  private final JsonBodies bodies;

  BatchEndpoints(ContactStore store, ContactEndpoints single, JsonBodies bodies) {
    this.store = store;
    this.single = single;
    this.bodies = bodies;
  }

  CrmPipeline.Answer read(Context ctx) {
    JsonNode body = bodies.object(ctx.body());
    String idProperty = JsonBodies.optionalText(body, "idProperty");
    List<String> names =
        JsonBodies.propertySelection(store.properties(), texts(body.get("properties")));
    BatchAnswer answer = new BatchAnswer();
    for (JsonNode input : JsonBodies.inputs(body)) {
      String id = JsonBodies.optionalText(input, "id");
      Optional<ContactRecord> found = id == null ? Optional.empty() : single.find(id, idProperty);
      if (found.isPresent()) {
        answer.results.add(ContactView.selected(found.get(), names));
      } else {
        answer.errors.add(
            error(
                "OBJECT_NOT_FOUND",
                "Could not get some CONTACT objects, they may be deleted or not exist.",
                Map.of("ids", List.of(String.valueOf(id)))));
      }
    }
    return answer.finish();
  }

  CrmPipeline.Answer create(Context ctx) {
    List<JsonNode> inputs = JsonBodies.inputs(bodies.object(ctx.body()));
    List<Map<String, String>> properties = new ArrayList<>();
    List<PropertyProblem> problems = new ArrayList<>();
    for (JsonNode input : inputs) {
      Map<String, String> values = JsonBodies.properties(input);
      problems.addAll(PropertyValidator.problems(store.properties(), values));
      properties.add(values);
    }
    if (!problems.isEmpty()) {
      throw HubSpotErrors.invalidProperties(problems);
    }
    List<WriteOutcome> outcomes = store.createAll(properties);
    if (outcomes.get(0) instanceof WriteOutcome.Conflict conflict) {
      throw HubSpotErrors.conflict(conflict.existingId());
    }
    BatchAnswer answer = new BatchAnswer();
    for (int i = 0; i < inputs.size(); i++) {
      String traceId = JsonBodies.optionalText(inputs.get(i), "objectWriteTraceId");
      answer.add(outcomes.get(i), properties.get(i), traceId, null, false);
    }
    return answer.finish();
  }

  CrmPipeline.Answer update(Context ctx) {
    List<JsonNode> inputs = JsonBodies.inputs(bodies.object(ctx.body()));
    Set<String> seen = new HashSet<>();
    for (JsonNode input : inputs) {
      String idProperty = JsonBodies.optionalText(input, "idProperty");
      if (idProperty != null && !idProperty.equals(PropertyCatalog.OBJECT_ID)) {
        throw HubSpotErrors.badRequest(
            "batch/update cannot address contacts by "
                + idProperty
                + ": it is not a unique identifier property here (non-unique property);"
                + " use batch/upsert with idProperty=email.");
      }
      requireUnique(seen, String.valueOf(JsonBodies.optionalText(input, "id")));
    }
    BatchAnswer answer = new BatchAnswer();
    for (JsonNode input : inputs) {
      String traceId = JsonBodies.optionalText(input, "objectWriteTraceId");
      String id = JsonBodies.optionalText(input, "id");
      Map<String, String> properties = JsonBodies.properties(input);
      if (invalid(properties, traceId, answer)) {
        continue;
      }
      Optional<ContactRecord> target = id == null ? Optional.empty() : single.find(id, null);
      if (target.isEmpty()) {
        answer.errors.add(
            error(
                "OBJECT_NOT_FOUND",
                HubSpotErrors.notFoundMessage(),
                context(traceId, Map.of("ids", List.of(String.valueOf(id))))));
        continue;
      }
      answer.add(store.update(target.get().id(), properties), properties, traceId, id, false);
    }
    return answer.finish();
  }

  CrmPipeline.Answer upsert(Context ctx) {
    List<JsonNode> inputs = JsonBodies.inputs(bodies.object(ctx.body()));
    Set<String> seen = new HashSet<>();
    for (JsonNode input : inputs) {
      String id = JsonBodies.optionalText(input, "id");
      requireUnique(seen, id == null ? "null" : id.trim().toLowerCase(Locale.ROOT));
    }
    List<Map.Entry<String, Map<String, String>>> writes = new ArrayList<>();
    List<PropertyProblem> problems = new ArrayList<>();
    for (JsonNode input : inputs) {
      String email = JsonBodies.optionalText(input, "id");
      Map<String, String> properties = JsonBodies.properties(input);
      if (!PropertyCatalog.EMAIL.equals(JsonBodies.optionalText(input, "idProperty"))) {
        throw HubSpotErrors.badRequest(
            "Each upsert input needs \"idProperty\":\"email\"; the sandbox upserts by email.");
      }
      String given = properties.get(PropertyCatalog.EMAIL);
      if (given != null
          && email != null
          && !given.trim().equalsIgnoreCase(email.trim())
          && PropertyValidator.isEmail(email)) {
        throw HubSpotErrors.badRequest(
            "properties.email (" + given + ") differs from the upsert id (" + email + ").");
      }
      problems.addAll(
          PropertyValidator.problems(
              store.properties(), Map.of(PropertyCatalog.EMAIL, String.valueOf(email))));
      problems.addAll(PropertyValidator.problems(store.properties(), properties));
      writes.add(Map.entry(String.valueOf(email), properties));
    }
    if (!problems.isEmpty()) {
      throw HubSpotErrors.invalidProperties(problems);
    }
    List<WriteOutcome> outcomes = store.upsertAllByEmail(writes);
    if (outcomes.get(0) instanceof WriteOutcome.Conflict conflict) {
      throw HubSpotErrors.conflict(conflict.existingId());
    }
    BatchAnswer answer = new BatchAnswer();
    for (int i = 0; i < inputs.size(); i++) {
      String traceId = JsonBodies.optionalText(inputs.get(i), "objectWriteTraceId");
      answer.add(outcomes.get(i), writes.get(i).getValue(), traceId, writes.get(i).getKey(), true);
    }
    return answer.finish();
  }

  private boolean invalid(Map<String, String> properties, String traceId, BatchAnswer answer) {
    List<PropertyProblem> problems = PropertyValidator.problems(store.properties(), properties);
    if (problems.isEmpty()) {
      return false;
    }
    answer.errors.add(
        error(
            "VALIDATION_ERROR",
            HubSpotErrors.propertiesMessage(problems),
            context(traceId, Map.of())));
    return true;
  }

  private static void requireUnique(Set<String> seen, String id) {
    if (!seen.add(id)) {
      throw HubSpotErrors.badRequest(
          "Duplicate IDs found in batch input: [" + id + "]. IDs must be unique");
    }
  }

  private static Map<String, List<String>> context(
      String traceId, Map<String, List<String>> extra) {
    Map<String, List<String>> context = new LinkedHashMap<>(extra);
    if (traceId != null) {
      context.put("objectWriteTraceId", List.of(traceId));
    }
    return context;
  }

  private static Map<String, Object> error(
      String category, String message, Map<String, List<String>> context) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("status", "error");
    error.put("category", category);
    error.put("message", message);
    error.put("context", context);
    return error;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(item -> texts.add(item.asText()));
    }
    return texts;
  }

  /** Collects results and errors, then renders HubSpot's batch response. */
  private static final class BatchAnswer {
    private final String startedAt = ContactStore.iso(Instant.now());
    private final List<Map<String, Object>> results = new ArrayList<>();
    private final List<Map<String, Object>> errors = new ArrayList<>();

    void add(
        WriteOutcome outcome,
        Map<String, String> written,
        String traceId,
        String id,
        boolean upsert) {
      if (outcome instanceof WriteOutcome.Written done) {
        Map<String, Object> view = ContactEndpoints.withWritten(done.record(), written.keySet());
        if (upsert) {
          view.put("new", done.created());
        }
        if (traceId != null) {
          view.put("objectWriteTraceId", traceId);
        }
        results.add(view);
      } else if (outcome instanceof WriteOutcome.Conflict conflict) {
        errors.add(
            error(
                "CONFLICT",
                HubSpotErrors.conflictMessage(conflict.existingId()),
                context(traceId, Map.of())));
      } else {
        errors.add(
            error(
                "OBJECT_NOT_FOUND",
                HubSpotErrors.notFoundMessage(),
                context(traceId, Map.of("ids", List.of(String.valueOf(id))))));
      }
    }

    CrmPipeline.Answer finish() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "COMPLETE");
      body.put("results", results);
      if (!errors.isEmpty()) {
        body.put("numErrors", errors.size());
        body.put("errors", errors);
      }
      body.put("startedAt", startedAt);
      body.put("completedAt", ContactStore.iso(Instant.now()));
      return new CrmPipeline.Answer(errors.isEmpty() ? 200 : MULTI_STATUS, body);
    }
  }
}
