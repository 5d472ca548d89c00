package dev.oncelane.relay.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.relay.Ignored;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.signatures.SignatureVerifier;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A source read entirely through JMESPath expressions (jmespath.org) over the JSON body, for
 * senders no preset covers. Key: {@code key} over the body, else the {@code keyHeader} header.
 * Email, event time, event type and each property: their expressions; a property whose expression
 * yields null is skipped, a scalar becomes its text, an object or array is skipped and listed.
 */
public final class ExpressionSource implements WebhookSource {

  private static final JmesPath<JsonNode> JMESPATH = new JacksonRuntime();

  private final String name;
  private final SignatureVerifier verifier;
  private final EventTypes events;
  private final SourceConfig.Expressions source;
  private final Expression<JsonNode> key;
  private final Expression<JsonNode> email;
  private final Expression<JsonNode> occurredAt;
  private final Expression<JsonNode> type;
  private final Map<String, Expression<JsonNode>> properties = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException naming the first expression that does not compile
   */
  public ExpressionSource(
      String name,
      SignatureVerifier verifier,
      List<String> events,
      SourceConfig.Expressions expressions) {
    this.name = Objects.requireNonNull(name, "name");
    this.verifier = verifier;
    this.events = new EventTypes(events, List.of());
    this.source = Objects.requireNonNull(expressions, "expressions");
    this.key = compileOrNull("key", expressions.key());
    this.email = compileOrNull("email", expressions.email());
    this.occurredAt = compileOrNull("occurredAt", expressions.occurredAt());
    this.type = compileOrNull("type", expressions.type());
    expressions.properties().forEach((p, e) -> properties.put(p, compile("properties." + p, e)));
  }

  /**
   * Compiles a JMESPath expression.
   *
   * @param where which setting holds it, for the message
   * @throws IllegalArgumentException with the parser's explanation
   */
  public static Expression<JsonNode> compile(String where, String expression) {
    try {
      return JMESPATH.compile(expression);
    } catch (JmesPathException e) {
      throw new IllegalArgumentException(
          where + ": '" + expression + "' is not a JMESPath expression (" + e.getMessage() + ")");
    }
  }

  private static Expression<JsonNode> compileOrNull(String where, String expression) {
    return expression == null ? null : compile(where, expression);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SourceEvent read(Delivery delivery) {
    if (verifier != null) {
      verifier.verify(delivery);
    }
    JsonNode root = Json.readObject(delivery.body());
    if (type != null) {
      events.require(text(type, root), source.type());
    }
    String keyValue =
        key != null ? text(key, root) : GenericSource.unquote(delivery.header(source.keyHeader()));
    String where =
        key != null ? "the expression " + source.key() + " found none" : "no " + source.keyHeader();
    String k = IdempotencyKeys.require(keyValue, where);
    String emailValue = text(email, root);
    if (emailValue == null || emailValue.isBlank()) {
      throw new Ignored(source.email() + " found no email; there is no contact to write");
    }
    Map<String, String> values = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    properties.forEach(
        (property, expression) -> {
          JsonNode value = expression.search(root);
          if (value == null || value.isNull() || value.isMissingNode()) {
            skipped.add(property + ": " + source.properties().get(property) + " found nothing");
          } else if (value.isContainerNode()) {
            skipped.add(property + ": an object or array, not a property value");
          } else {
            values.put(property, value.asText());
          }
        });
    return new SourceEvent(k, emailValue, values, time(root), skipped);
  }

  private String time(JsonNode root) {
    if (occurredAt == null) {
      return null;
    }
    String text = text(occurredAt, root);
    if (text == null) {
      return null;
    }
    try {
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text);
      return text;
    } catch (DateTimeParseException e) {
      throw new Rejection(
          RejectionReason.INVALID_EVENT,
          source.occurredAt() + " must give an ISO-8601 time with offset, got " + text);
    }
  }

  private static String text(Expression<JsonNode> expression, JsonNode root) {
    JsonNode value = expression.search(root);
    return value == null || value.isNull() || value.isMissingNode() || value.isContainerNode()
        ? null
        : value.asText();
  }
}
