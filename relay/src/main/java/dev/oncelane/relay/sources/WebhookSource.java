package dev.oncelane.relay.sources;

import dev.oncelane.relay.Rejection;

/** A kind of sender the relay accepts deliveries from, one per endpoint. */
public interface WebhookSource {

  /** The source name: the endpoint's last path segment and the processing id's prefix. */
  String name();

  /**
   * Verifies the delivery's signature (when a secret is configured), then reads the key and contact
   * data out of it.
   *
   * @throws Rejection when the delivery is unsigned, wrongly signed or not understood
   */
  SourceEvent read(Delivery delivery);
}
