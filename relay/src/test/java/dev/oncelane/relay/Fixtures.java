package dev.oncelane.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test fixtures under src/test/resources. */
public final class Fixtures {

  private Fixtures() {}

  /** Typeform's published example webhook payload (developers/webhooks/example-payload). */
  public static byte[] typeformExamplePayload() {
    try (InputStream in = Fixtures.class.getResourceAsStream("/typeform-example-payload.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
