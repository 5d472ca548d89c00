package dev.oncelane.relay.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TypeformSignatureVerifierTest {

  // Known vector: secret abc123 over this exact body.
  private static final byte[] BODY =
      "{\"event_id\":\"LtWXD3crgy\",\"event_type\":\"form_response\"}"
          .getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "sha256=fQ0Tf/AAVUZy1Bdk1is5tXMLH2Il2Qj36lezGX2eN6s=";

  @Test
  void signsTheKnownVector() {
    assertEquals(SIGNATURE, new TypeformSignatureVerifier("abc123").sign(BODY));
  }

  @Test
  void acceptsTheKnownVector() {
    new TypeformSignatureVerifier("abc123").verify(SIGNATURE, BODY);
  }

  @Test
  void refusesTheVectorUnderAnotherSecret() {
    Rejection e =
        assertThrows(
            Rejection.class, () -> new TypeformSignatureVerifier("abc124").verify(SIGNATURE, BODY));
    assertEquals(RejectionReason.SIGNATURE_INVALID, e.reason());
  }

  @Test
  void refusesAChangedBody() {
    byte[] changed = "{\"event_id\":\"LtWXD3crgz\",\"event_type\":\"form_response\"}".getBytes();
    Rejection e =
        assertThrows(
            Rejection.class,
            () -> new TypeformSignatureVerifier("abc123").verify(SIGNATURE, changed));
    assertEquals(RejectionReason.SIGNATURE_INVALID, e.reason());
  }

  @Test
  void refusesAMissingHeader() {
    Rejection e =
        assertThrows(
            Rejection.class, () -> new TypeformSignatureVerifier("abc123").verify(null, BODY));
    assertEquals(RejectionReason.SIGNATURE_MISSING, e.reason());
  }
}
