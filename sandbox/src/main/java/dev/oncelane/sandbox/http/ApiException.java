package dev.oncelane.sandbox.http;

import java.util.Map;

/** An error answer in HubSpot's envelope, thrown from a handler and written by the pipeline. */
public final class ApiException extends RuntimeException {

  private final int status;
  private final Map<String, Object> body;
  private final Map<String, String> headers;

  public ApiException(int status, Map<String, Object> body) {
    this(status, body, Map.of());
  }

  public ApiException(int status, Map<String, Object> body, Map<String, String> headers) {
    super(String.valueOf(body.get("message")), null, false, false);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  public int status() {
    return status;
  }

  public Map<String, Object> body() {
    return body;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
