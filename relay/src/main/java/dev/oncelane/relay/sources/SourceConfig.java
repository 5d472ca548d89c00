package dev.oncelane.relay.sources;

import dev.oncelane.relay.signatures.SignatureScheme;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One webhook source: its endpoint {@code POST /webhooks/<name>}, how its deliveries are signed,
 * and how an event is read out of them. Build one with {@link #builder(String, Preset)}.
 *
 * @param name the endpoint's last path segment and the processing id's prefix ({@code [a-z0-9-]+})
 * @param preset the kind of sender
 * @param signature how deliveries are signed
 * @param secret the signing secret, or null (then deliveries are accepted unsigned, which {@link
 *     #problems} refuses off loopback unless {@code unsigned} is set)
 * @param secretEnv the environment variable the secret is read from, for messages (never the secret
 *     itself)
 * @param unsigned the operator's explicit opt-in to accept unsigned deliveries from the network
 * @param events the event types synced; empty for the preset's default (Typeform: {@code
 *     form_response}; Standard Webhooks and expressions: every type); others are acknowledged and
 *     ignored. A trailing {@code .*} matches a prefix ({@code contact.*}).
 * @param fields renames: Typeform question ref, or Standard Webhooks {@code data} field, to CRM
 *     property; an empty name drops it
 * @param mappedOnly whether fields absent from {@code fields} are dropped instead of kept under
 *     their own name
 * @param expressions JMESPath expressions (the {@code expressions} preset)
 * @param publicUrl the URL senders post to, for {@code hubspot-v3} behind a proxy, or null
 */
public record SourceConfig(
    String name,
    Preset preset,
    SignatureScheme signature,
    String secret,
    String secretEnv,
    boolean unsigned,
    List<String> events,
    Map<String, String> fields,
    boolean mappedOnly,
    Expressions expressions,
    String publicUrl) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /**
   * Where an {@code expressions} source finds each part of an event: JMESPath (jmespath.org)
   * expressions over the JSON body.
   *
   * @param key the idempotency key, or null to take it from {@code keyHeader}
   * @param keyHeader the header holding the key (e.g. {@code webhook-id}), or null
   * @param email the contact's email
   * @param occurredAt the event time (ISO-8601 with offset), or null
   * @param type the event type, checked against {@code events}, or null
   * @param properties CRM property name to expression; a null or missing result skips the property
   */
  public record Expressions(
      String key,
      String keyHeader,
      String email,
      String occurredAt,
      String type,
      Map<String, String> properties) {
    public Expressions {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
  }

  public SourceConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(preset, "preset");
    events = events == null ? List.of() : List.copyOf(events);
    fields = fields == null ? Map.of() : Map.copyOf(fields);
    secret = secret == null || secret.isBlank() ? null : secret.trim();
  }

  /** A builder for a source of {@code preset} at {@code /webhooks/<name>}. */
  public static Builder builder(String name, Preset preset) {
    return new Builder(name, preset);
  }

  /** A builder starting from this source. */
  public Builder toBuilder() {
    Builder b = new Builder(name, preset);
    b.signature = signature;
    b.secret = secret;
    b.secretEnv = secretEnv;
    b.unsigned = unsigned;
    b.events = new ArrayList<>(events);
    b.fields = new LinkedHashMap<>(fields);
    b.mappedOnly = mappedOnly;
    b.expressions = expressions;
    b.publicUrl = publicUrl;
    return b;
  }

  /** The endpoint's path, {@code /webhooks/<name>}. */
  public String path() {
    return "/webhooks/" + name;
  }

  /**
   * The environment variable that opts this source into unsigned deliveries: {@code
   * <NAME>_UNSIGNED}, e.g. {@code TYPEFORM_UNSIGNED}, {@code STANDARD_WEBHOOKS_UNSIGNED}.
   */
  public String unsignedEnv() {
    return name.toUpperCase(Locale.ROOT).replace('-', '_') + "_UNSIGNED";
  }

  /** Whether deliveries are accepted without a verified signature. */
  public boolean acceptsUnsigned() {
    return signature == SignatureScheme.NONE || secret == null;
  }

  /**
   * What is wrong with this source, as sentences naming the setting; empty when it can run.
   *
   * @param networkExposed whether the relay listens on a non-loopback address: then an unsigned
   *     source needs its explicit opt-in
   */
  public List<String> problems(boolean networkExposed) {
    List<String> problems = new ArrayList<>();
    if (!NAME.matcher(name).matches()) {
      problems.add("source name '" + name + "' must be lower-case letters, digits and '-'");
    }
    if (signature == null) {
      problems.add(
          "source "
              + name
              + ": preset "
              + preset.code()
              + " needs a signature ("
              + SignatureScheme.codes()
              + ")");
    } else if (signature == SignatureScheme.NONE && !unsigned) {
      problems.add(
          "source "
              + name
              + ": signature none accepts forged writes; set unsigned: true to accept that risk");
    } else if (signature != SignatureScheme.NONE && secret == null && networkExposed && !unsigned) {
      problems.add(
          "source "
              + name
              + " has no signing secret"
              + (secretEnv == null ? "" : " (" + secretEnv + " is unset)")
              + " and the relay listens beyond loopback, so anyone who can reach it could write"
              + " contacts; set the secret, or accept the risk with "
              + unsignedEnv()
              + "=true (or unsigned: true in the file)");
    }
    if (signature == SignatureScheme.HUBSPOT_V3
        && publicUrl != null
        && !publicUrl.startsWith("https://")
        && !publicUrl.startsWith("http://")) {
      problems.add("source " + name + ": publicUrl must be an http(s) URL");
    }
    if (preset == Preset.EXPRESSIONS) {
      if (expressions == null || expressions.email() == null) {
        problems.add("source " + name + ": preset expressions needs an email expression");
      }
      if (expressions == null || (expressions.key() == null && expressions.keyHeader() == null)) {
        problems.add("source " + name + ": preset expressions needs key or keyHeader");
      }
    } else if (expressions != null) {
      problems.add(
          "source " + name + ": expressions are for preset expressions, not " + preset.code());
    }
    if (preset == Preset.GENERIC && (!events.isEmpty() || !fields.isEmpty())) {
      problems.add("source " + name + ": preset generic takes no events or fields");
    }
    return problems;
  }

  /** Secrets are never shown: only whether one is set and where it comes from. */
  @Override
  public String toString() {
    return "SourceConfig[name="
        + name
        + ", preset="
        + preset.code()
        + ", signature="
        + (signature == null ? "unset" : signature.code())
        + ", secret="
        + (secret == null ? "unset" : "set")
        + (secretEnv == null ? "" : " (" + secretEnv + ")")
        + ", unsigned="
        + unsigned
        + ", events="
        + events
        + ", fields="
        + fields
        + ", mappedOnly="
        + mappedOnly
        + ", expressions="
        + expressions
        + ", publicUrl="
        + publicUrl
        + "]";
  }

  /** Builds a {@link SourceConfig}; the signature defaults to the preset's. */
  public static final class Builder {
    private final String name;
    private final Preset preset;
    private SignatureScheme signature;
    private String secret;
    private String secretEnv;
    private boolean unsigned;
    private List<String> events = new ArrayList<>();
    private Map<String, String> fields = new LinkedHashMap<>();
    private boolean mappedOnly;
    private Expressions expressions;
    private String publicUrl;

    private Builder(String name, Preset preset) {
      this.name = name;
      this.preset = preset;
      this.signature = preset.defaultSignature();
    }

    public Builder signature(SignatureScheme signature) {
      this.signature = signature;
      return this;
    }

    /** The secret and the variable it was read from. */
    public Builder secret(String secret, String secretEnv) {
      this.secret = secret;
      this.secretEnv = secretEnv;
      return this;
    }

    public Builder unsigned(boolean unsigned) {
      this.unsigned = unsigned;
      return this;
    }

    public Builder events(List<String> events) {
      this.events = new ArrayList<>(events);
      return this;
    }

    public Builder fields(Map<String, String> fields) {
      this.fields = new LinkedHashMap<>(fields);
      return this;
    }

    public Builder mappedOnly(boolean mappedOnly) {
      this.mappedOnly = mappedOnly;
      return this;
    }

    public Builder expressions(Expressions expressions) {
      this.expressions = expressions;
      return this;
    }

    public Builder publicUrl(String publicUrl) {
      this.publicUrl = publicUrl;
      return this;
    }

    public SourceConfig build() {
      return new SourceConfig(
          name,
          preset,
          signature,
          secret,
          secretEnv,
          unsigned,
          events,
          fields,
          mappedOnly,
          expressions,
          publicUrl);
    }
  }
}
