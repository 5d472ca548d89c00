package dev.oncelane.relay.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The vector published in the Standard Webhooks reference libraries' tests. */
class StandardWebhooksVerifierTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static StandardWebhooksVerifier at(long epochSeconds, String secret) {
    return new StandardWebhooksVerifier(
        secret, Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
  }

  @Test
  void signsThePublishedVector() {
    assertEquals(SIGNATURE, at(TIMESTAMP, SECRET).sign(ID, TIMESTAMP, BODY));
  }

  @Test
  void acceptsThePublishedVectorWithOrWithoutPrefix() {
    at(TIMESTAMP, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY);
    at(TIMESTAMP, SECRET.substring(6)).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY);
  }

  @Test
  void acceptsWhenOneOfSeveralSignaturesMatches() {
    String several =
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
            + SIGNATURE;
    at(TIMESTAMP, SECRET).verify(ID, Long.toString(TIMESTAMP), several, BODY);
  }

  @Test
  void acceptsTimestampsWithinFiveMinutesEitherWay() {
    at(TIMESTAMP + 300, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY);
    at(TIMESTAMP - 300, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY);
  }

  @Test
  void refusesAStaleOrFutureTimestamp() {
    for (long now : new long[] {TIMESTAMP + 301, TIMESTAMP - 301}) {
      Rejection e =
          assertThrows(
              Rejection.class,
              () -> at(now, SECRET).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY));
      assertEquals(RejectionReason.SIGNATURE_TIMESTAMP_INVALID, e.reason());
    }
  }

  @Test
  void refusesAWrongSecretWithoutNamingIt() {
    String wrong = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);
    Rejection e =
        assertThrows(
            Rejection.class,
            () -> at(TIMESTAMP, wrong).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY));
    assertEquals(RejectionReason.SIGNATURE_INVALID, e.reason());
    assertFalse(e.detail().contains(wrong.substring(6)));
  }

  @Test
  void refusesAnotherVersionOrAnotherId() {
    Rejection version =
        assertThrows(
            Rejection.class,
            () ->
                at(TIMESTAMP, SECRET)
                    .verify(ID, Long.toString(TIMESTAMP), "v2," + SIGNATURE.substring(3), BODY));
    assertEquals(RejectionReason.SIGNATURE_INVALID, version.reason());
    Rejection id =
        assertThrows(
            Rejection.class,
            () ->
                at(TIMESTAMP, SECRET)
                    .verify("msg_other", Long.toString(TIMESTAMP), SIGNATURE, BODY));
    assertEquals(RejectionReason.SIGNATURE_INVALID, id.reason());
  }

  @Test
  void refusesMissingHeadersAndUnreadableTimestamps() {
    StandardWebhooksVerifier verifier = at(TIMESTAMP, SECRET);
    assertEquals(
        RejectionReason.SIGNATURE_MISSING,
        assertThrows(Rejection.class, () -> verifier.verify(null, "1", SIGNATURE, BODY)).reason());
    assertEquals(
        RejectionReason.SIGNATURE_MISSING,
        assertThrows(Rejection.class, () -> verifier.verify(ID, "1", " ", BODY)).reason());
    assertEquals(
        RejectionReason.SIGNATURE_TIMESTAMP_INVALID,
        assertThrows(Rejection.class, () -> verifier.verify(ID, "soon", SIGNATURE, BODY)).reason());
  }

  @Test
  void refusesASecretThatIsNotBase64() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new StandardWebhooksVerifier("whsec_not*base64!", Clock.systemUTC()));
    assertFalse(e.getMessage().contains("not*base64!"));
  }
}
