package dev.oncelane.relay.sources;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One HTTP delivery as a source sees it: the raw body (exactly the bytes that were signed) and its
 * headers.
 *
 * @param body the raw request body
 * @param headers header lookup by case-insensitive name; answers null when absent
 */
public record Delivery(byte[] body, UnaryOperator<String> headers) {

  public Delivery {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
  }

  /** A header's value, or null. */
  public String header(String name) {
    return headers.apply(name);
  }
}
