package dev.oncelane.relay.http;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a JSON request body without ever holding more than the limit: a declared Content-Length
 * over the limit is refused before reading, and a chunked body is cut off at the first byte past
 * it.
 */
final class BodyReader {

  private final long maxBytes;

  BodyReader(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The raw body.
   *
   * @throws Rejection {@code unsupported_media_type} or {@code body_too_large}
   */
  byte[] read(Context ctx) {
    requireJson(ctx.req().getContentType());
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 64 * 1024)));
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new Rejection(
          RejectionReason.MALFORMED_JSON, "The body could not be read to its end; send it again");
    }
  }

  private Rejection tooLarge() {
    return new Rejection(
        RejectionReason.BODY_TOO_LARGE,
        "The body is larger than " + maxBytes + " bytes; send smaller events");
  }

  private static void requireJson(String contentType) {
    if (contentType == null) {
      throw new Rejection(
          RejectionReason.UNSUPPORTED_MEDIA_TYPE, "Send Content-Type: application/json");
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/json")) {
      throw new Rejection(
          RejectionReason.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type is " + parts[0].trim() + "; send application/json");
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].trim().split("=", 2);
      if (param[0].trim().equalsIgnoreCase("charset")
          && param.length == 2
          && !param[1].trim().replace("\"", "").toLowerCase(Locale.ROOT).equals("utf-8")) {
        throw new Rejection(
            RejectionReason.UNSUPPORTED_MEDIA_TYPE,
            "JSON must be UTF-8 (RFC 8259), not " + param[1]);
      }
    }
  }
}
