package dev.oncelane.workers.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oncelane.relay.Ignored;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.signatures.SignatureScheme;
import dev.oncelane.relay.sources.Delivery;
import dev.oncelane.relay.sources.Preset;
import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.relay.sources.SourceEvent;
import dev.oncelane.relay.sources.Sources;
import dev.oncelane.relay.sources.WebhookSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A configured source's own mapping, run by the relay's code on each row as if the row were a
 * delivery's JSON body (signatures aside): an {@code expressions} source's JMESPath for email,
 * event time, properties, event type and key; a {@code standard-webhooks} source's {@code fields}
 * renames and {@code mappedOnly}, over the row's fields ({@code timestamp} is its event time). A
 * row the source would acknowledge and ignore (no email, an event type it does not sync) or refuse
 * is invalid, with the source's reason.
 *
 * <p>Keys come from headers for every preset but {@code expressions} with a {@code key} expression;
 * a file has no headers, so there the row is keyed by its hash like any other.
 */
final class SourceMapping implements RowMapping {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a header-keyed source reads as the key; replaced by the row's hash key. */
  private static final String NO_HEADER_KEY = "import-row";

  private final WebhookSource source;
  private final boolean keyFromBody;

  /**
   * @throws ImportRefused for a {@code typeform} or {@code generic} source, whose deliveries have a
   *     shape (a form response, an envelope with {@code properties}) no flat row has
   */
  SourceMapping(SourceConfig config) {
    if (config.preset() == Preset.TYPEFORM || config.preset() == Preset.GENERIC) {
      throw new ImportRefused(
          "source "
              + config.name()
              + " is a "
              + config.preset().code()
              + " source, whose deliveries are not flat rows; import with an expressions or"
              + " standard-webhooks source, or without --source (column email, the other columns"
              + " as properties)");
    }
    // A row carries no signature; the mapping is all that is wanted of the source.
    this.source =
        Sources.create(
            config.toBuilder().signature(SignatureScheme.NONE).unsigned(true).build(),
            Clock.systemUTC());
    this.keyFromBody =
        config.preset() == Preset.EXPRESSIONS
            && config.expressions() != null
            && config.expressions().key() != null;
  }

  @Override
  public SourceEvent map(ObjectNode row) {
    ObjectNode body = row.deepCopy();
    List<String> resultColumns = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (name.startsWith(RESULT_COLUMN_PREFIX)) {
                resultColumns.add(name);
              }
            });
    body.remove(resultColumns);
    SourceEvent read;
    try {
      read = source.read(new Delivery(JSON.writeValueAsBytes(body), header -> NO_HEADER_KEY));
    } catch (Ignored e) {
      throw new RowProblem(e.reason());
    } catch (Rejection e) {
      throw new RowProblem(e.detail());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON object always serializes", e);
    }
    return new SourceEvent(
        keyFromBody ? read.key() : null, read.email(), read.properties(), read.occurredAt());
  }
}
