package dev.oncelane.relay.sources;

import dev.oncelane.relay.signatures.SignatureScheme;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What kind of sender a source is, so common senders need no expressions.
 *
 * <ul>
 *   <li>{@code typeform}: Typeform's {@code form_response} webhook; key {@code event_id}; the email
 *       answer, else the hidden field {@code email}; answers mapped by ref through {@code fields};
 *       {@code form_response_partial} and other event types acknowledged and ignored
 *   <li>{@code standard-webhooks}: the Standard Webhooks envelope {@code
 *       {"type","timestamp","data"}}; key {@code webhook-id}; email {@code data.email}; the other
 *       scalar {@code data} fields as properties; {@code events} filters the types synced
 *   <li>{@code generic}: oncelane's own {@code {"type":"contact.upsert",…}} shape, as it always was
 *   <li>{@code expressions}: everything from JMESPath expressions over the body
 * </ul>
 */
public enum Preset {
  TYPEFORM(SignatureScheme.TYPEFORM),
  STANDARD_WEBHOOKS(SignatureScheme.STANDARD_WEBHOOKS),
  GENERIC(SignatureScheme.STANDARD_WEBHOOKS),
  EXPRESSIONS(null);

  private final SignatureScheme defaultSignature;

  Preset(SignatureScheme defaultSignature) {
    this.defaultSignature = defaultSignature;
  }

  /** The scheme a source of this preset uses unless the file names one; null: it must name one. */
  public SignatureScheme defaultSignature() {
    return defaultSignature;
  }

  /** The name in the configuration file, e.g. {@code standard-webhooks}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The preset named {@code code}.
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static Preset parse(String code) {
    for (Preset preset : values()) {
      if (preset.code().equals(code)) {
        return preset;
      }
    }
    throw new IllegalArgumentException(
        "preset '"
            + code
            + "' is not one of "
            + Arrays.stream(values()).map(Preset::code).collect(Collectors.joining(", ")));
  }
}
