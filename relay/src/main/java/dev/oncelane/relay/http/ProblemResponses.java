package dev.oncelane.relay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.relay.RejectionReason;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes answers: RFC 9457 {@code application/problem+json} for errors, plain JSON otherwise. Every
 * problem carries {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} and
 * the machine-readable {@code reason}.
 */
public final class ProblemResponses {

  public static final String PROBLEM_JSON = "application/problem+json";
  public static final String JSON = "application/json";

  /** Problem types are URNs: stable names that do not pretend to be a web page. */
  public static final String TYPE_PREFIX = "urn:oncelane:problem:";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProblemResponses() {}

  /** Answers with a problem document; {@code extra} members are added after the standard ones. */
  public static void problem(
      Context ctx, RejectionReason reason, String detail, Map<String, ?> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + reason.code());
    body.put("title", reason.title());
    body.put("status", reason.status());
    body.put("detail", detail);
    body.put("instance", ctx.path());
    body.put("reason", reason.code());
    body.putAll(extra);
    write(ctx, reason.status(), PROBLEM_JSON, body);
  }

  /** Answers with a JSON object. */
  public static void json(Context ctx, int status, Map<String, ?> body) {
    write(ctx, status, JSON, body);
  }

  private static void write(Context ctx, int status, String contentType, Map<String, ?> body) {
    try {
      ctx.status(status).contentType(contentType).result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialize", e);
    }
  }
}
