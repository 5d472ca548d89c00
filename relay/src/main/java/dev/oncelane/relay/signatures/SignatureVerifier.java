package dev.oncelane.relay.signatures;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.sources.Delivery;

/** Checks that a delivery comes from the holder of a source's signing secret. */
public interface SignatureVerifier {

  /**
   * Accepts the delivery or throws.
   *
   * @throws Rejection {@code signature_missing}, {@code signature_invalid} or {@code
   *     signature_timestamp_invalid}
   */
  void verify(Delivery delivery);
}
