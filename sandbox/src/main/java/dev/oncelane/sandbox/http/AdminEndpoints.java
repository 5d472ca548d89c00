package dev.oncelane.sandbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.contacts.ContactView;
import dev.oncelane.sandbox.contacts.PropertyValidator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The unauthenticated /__sandbox endpoints for tests and operators. Errors here are RFC 9457
 * problem details, not HubSpot envelopes: these calls are the sandbox's own, not HubSpot's.
 */
public final class AdminEndpoints {

  public static final String PREFIX = "/__sandbox";

  private final SandboxState state;
  private final ObjectMapper mapper;

  public AdminEndpoints(SandboxState state, ObjectMapper mapper) {
    this.state = state;
    this.mapper = mapper;
  }

  void register(Javalin app) {
    app.get(PREFIX + "/contacts", ctx -> json(ctx, 200, contactsBody()));
    app.get(PREFIX + "/hidden-contacts", ctx -> json(ctx, 200, hiddenBody()));
    app.post(PREFIX + "/hidden-contacts", this::plantHidden);
    app.get(PREFIX + "/stats", ctx -> json(ctx, 200, state.stats().snapshot()));
    app.get(PREFIX + "/stats/usage", ctx -> json(ctx, 200, state.stats().usage()));
    app.get(PREFIX + "/faults", ctx -> json(ctx, 200, state.faults().config()));
    app.post(PREFIX + "/faults", this::updateFaults);
    app.post(PREFIX + "/faults/drop-next-writes", this::dropNextWrites);
    app.post(
        PREFIX + "/reset",
        ctx -> {
          state.reset();
          ctx.status(204);
        });
  }

  /** Every stored contact with all its properties. */
  public List<Map<String, Object>> contacts() {
    return state.store().all().stream().map(ContactView::full).toList();
  }

  /**
   * Applies the fields present in a JSON object to the current fault configuration; the others keep
   * their values.
   *
   * @throws IllegalArgumentException when the JSON is malformed, names an unknown field or gives a
   *     value out of range; nothing changes then
   */
  public FaultConfig mergeFaults(String json) {
    JsonNode patch;
    try {
      patch = mapper.readTree(json == null ? "" : json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("faults body is not JSON: " + e.getOriginalMessage());
    }
    if (patch == null || !patch.isObject()) {
      throw new IllegalArgumentException("faults body must be a JSON object");
    }
    ObjectNode merged = mapper.valueToTree(state.faults().config());
    for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!merged.has(name)) {
        throw new IllegalArgumentException(
            "unknown fault field " + name + "; known: " + names(merged.fieldNames()));
      }
      merged.set(name, patch.get(name));
    }
    try {
      FaultConfig config = mapper.treeToValue(merged, FaultConfig.class);
      state.faults().configure(config);
      return config;
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      String detail =
          cause instanceof JsonProcessingException jpe
              ? jpe.getOriginalMessage()
              : cause.getMessage();
      throw new IllegalArgumentException("invalid faults: " + detail);
    }
  }

  private void updateFaults(Context ctx) {
    try {
      json(ctx, 200, mergeFaults(ctx.body()));
    } catch (IllegalArgumentException e) {
      problem(ctx, 400, "Bad Request", e.getMessage());
    }
  }

  private void dropNextWrites(Context ctx) {
    try {
      JsonNode body = mapper.readTree(ctx.body());
      if (body == null || !body.path("count").canConvertToInt() || body.path("count").asInt() < 0) {
        problem(ctx, 400, "Bad Request", "body must be {\"count\": <a number, 0 or more>}");
        return;
      }
      state.faults().dropNextWrites(body.get("count").asInt());
      json(ctx, 200, Map.of("dropNextWrites", body.get("count").asInt()));
    } catch (JsonProcessingException e) {
      problem(ctx, 400, "Bad Request", "body is not JSON: " + e.getOriginalMessage());
    }
  }

  private void plantHidden(Context ctx) {
    String email;
    try {
      JsonNode body = mapper.readTree(ctx.body());
      email = body != null && body.hasNonNull("email") ? body.get("email").asText() : null;
    } catch (JsonProcessingException e) {
      problem(ctx, 400, "Bad Request", "body is not JSON: " + e.getOriginalMessage());
      return;
    }
    if (!PropertyValidator.isEmail(email)) {
      problem(ctx, 400, "Bad Request", "body must be {\"email\": \"<a valid email>\"}");
      return;
    }
    state.store().plantHidden(email);
    json(ctx, 201, Map.of("email", email.trim().toLowerCase(Locale.ROOT)));
  }

  private Map<String, Object> contactsBody() {
    List<Map<String, Object>> results = contacts();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", results.size());
    body.put("results", results);
    return body;
  }

  private Map<String, Object> hiddenBody() {
    return Map.of("emails", state.store().hiddenEmails());
  }

  void problem(Context ctx, int status, String title, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    write(ctx, status, "application/problem+json", body);
  }

  private void json(Context ctx, int status, Object body) {
    write(ctx, status, "application/json", body);
  }

  private void write(Context ctx, int status, String contentType, Object body) {
    try {
      ctx.status(status).contentType(contentType).result(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("answer cannot be rendered as JSON", e);
    }
  }

  private static List<String> names(Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
