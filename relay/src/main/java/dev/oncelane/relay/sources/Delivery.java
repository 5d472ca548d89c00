package dev.oncelane.relay.sources;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One HTTP delivery as a source sees it: the raw body (exactly the bytes that were signed), its
 * headers, and the request line that signature schemes such as HubSpot's v3 sign too.
 *
 * @param body the raw request body
 * @param headers header lookup by case-insensitive name; answers null when absent
 * @param method the HTTP method, e.g. {@code POST}
 * @param url the URL the sender posted to, with scheme, host and query ({@code
 *     https://hooks.example.com/webhooks/hubspot?x=1}), or null when unknown
 */
public record Delivery(byte[] body, UnaryOperator<String> headers, String method, String url) {

  public Delivery {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
    method = method == null ? "POST" : method;
  }

  /** A POST whose URL is unknown, as most sources need. */
  public Delivery(byte[] body, UnaryOperator<String> headers) {
    this(body, headers, "POST", null);
  }

  /** A header's value, or null. */
  public String header(String name) {
    return headers.apply(name);
  }
}
