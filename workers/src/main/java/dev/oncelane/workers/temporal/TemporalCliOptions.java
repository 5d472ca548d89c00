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
 */
public record TemporalCliOptions(
    boolean registerSearchAttributes, Map<String, String> dynamicConfig) {

  public TemporalCliOptions {
    dynamicConfig = Map.copyOf(dynamicConfig);
  }

  /** Search attributes registered, no dynamic configuration: what {@code oncelane dev} runs. */
  public static TemporalCliOptions defaults() {
    return new TemporalCliOptions(true, Map.of());
  }

  public TemporalCliOptions withoutSearchAttributes() {
    return new TemporalCliOptions(false, dynamicConfig);
  }

  /** Adds one dynamic configuration value; {@code value} is read as YAML (numbers stay numbers). */
  public TemporalCliOptions withDynamicConfig(String key, String value) {
    Map<String, String> values = new LinkedHashMap<>(dynamicConfig);
    values.put(key, value);
    return new TemporalCliOptions(registerSearchAttributes, values);
  }
}
