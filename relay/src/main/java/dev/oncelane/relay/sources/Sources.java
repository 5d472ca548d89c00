package dev.oncelane.relay.sources;

import dev.oncelane.relay.signatures.SignatureVerifier;
import java.time.Clock;
import java.util.List;

/** Builds the webhook source a {@link SourceConfig} describes. */
public final class Sources {

  private Sources() {}

  /**
   * The source, its signature check keyed with the configured secret (none when the source has no
   * secret: whether that may run is {@link SourceConfig#problems}' decision).
   *
   * @throws IllegalArgumentException when a secret or expression is unusable
   */
  public static WebhookSource create(SourceConfig config, Clock clock) {
    SignatureVerifier verifier =
        config.acceptsUnsigned()
            ? null
            : config.signature().verifier(config.secret(), config.publicUrl(), clock);
    TypeformFieldMapping fields = new TypeformFieldMapping(config.fields(), config.mappedOnly());
    return switch (config.preset()) {
      case TYPEFORM -> new TypeformSource(config.name(), verifier, fields, config.events());
      case STANDARD_WEBHOOKS ->
          new StandardWebhooksSource(config.name(), verifier, config.events(), fields);
      case GENERIC -> new GenericSource(config.name(), verifier);
      case EXPRESSIONS ->
          new ExpressionSource(config.name(), verifier, config.events(), config.expressions());
    };
  }

  /**
   * The three sources a relay has when no file declares any: {@code typeform} (secret {@code
   * TYPEFORM_SECRET}), {@code generic} and {@code standard-webhooks} (both {@code WEBHOOK_SECRET}).
   */
  public static List<SourceConfig> defaults(
      String typeformSecret, String webhookSecret, TypeformFieldMapping typeformFields) {
    return List.of(
        SourceConfig.builder(TypeformSource.NAME, Preset.TYPEFORM)
            .secret(typeformSecret, "TYPEFORM_SECRET")
            .fields(typeformFields.refToProperty())
            .mappedOnly(typeformFields.mappedOnly())
            .build(),
        SourceConfig.builder(GenericSource.NAME, Preset.GENERIC)
            .secret(webhookSecret, "WEBHOOK_SECRET")
            .build(),
        SourceConfig.builder(StandardWebhooksSource.NAME, Preset.STANDARD_WEBHOOKS)
            .secret(webhookSecret, "WEBHOOK_SECRET")
            .build());
  }
}
