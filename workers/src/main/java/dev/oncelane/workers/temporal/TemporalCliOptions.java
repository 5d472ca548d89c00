package dev.oncelane.workers.temporal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link TemporalCliServer} starts {@code temporal server start-dev}, beyond ports and files.
 *
 * @param registerSearchAttributes whether the lane's search attributes are registered at start
 *     ({@code --search-attribute OncelaneStatus=Keyword …}); off to reproduce a namespace that
 *     lacks them
 * @param dynamicConfig server settings passed as {@code --dynamic-config-value KEY=VALUE}, e.g.
 *     {@code limit.blobSize.error} → {@code 65536} (bytes)
 * @param uiCodecEndpoint the codec server the Web UI decodes payloads through ({@code
 *     --ui-codec-endpoint}, e.g. {@code http://127.0.0.1:8234/<token>}), or null for none
 */
public record TemporalCliOptions(
    boolean registerSearchAttributes, Map<String, String> dynamicConfig, String uiCodecEndpoint) {

  public TemporalCliOptions {
    dynamicConfig = Map.copyOf(dynamicConfig);
  }

  /** Search attributes registered, no dynamic configuration: what {@code oncelane dev} runs. */
  public static TemporalCliOptions defaults() {
    return new TemporalCliOptions(true, Map.of(), null);
  }

  public TemporalCliOptions withoutSearchAttributes() {
    return new TemporalCliOptions(false, dynamicConfig, uiCodecEndpoint);
  }

  /** Adds one dynamic configuration value; {@code value} is read as YAML (numbers stay numbers). */
  public TemporalCliOptions withDynamicConfig(String key, String value) {
    Map<String, String> values = new LinkedHashMap<>(dynamicConfig);
    values.put(key, value);
    return new TemporalCliOptions(registerSearchAttributes, values, uiCodecEndpoint);
  }

  /** The Web UI decodes payloads through the codec server at {@code endpoint} (null for none). */
  public TemporalCliOptions withUiCodecEndpoint(String endpoint) {
    return new TemporalCliOptions(registerSearchAttributes, dynamicConfig, endpoint);
  }
}
