package dev.oncelane.workers.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The data converter every Temporal client oncelane builds uses (worker, relay, operator commands,
 * demo, benchmarks): Temporal's standard JSON conversion, then {@link AesGcmPayloadCodec} over
 * every payload the SDK sends — workflow and activity inputs and results, signals, updates,
 * queries, memos — and over failure messages and stack traces ({@code encodeFailureAttributes}).
 * Workflow ids, task queues and search attribute values are never encoded, so they must carry
 * nothing personal.
 */
public final class PayloadEncryption {

  private PayloadEncryption() {}

  /** The converter for these keys. */
  public static DataConverter dataConverter(CodecKeys keys) {
    return new CodecDataConverter(
        DefaultDataConverter.STANDARD_INSTANCE, List.of(new AesGcmPayloadCodec(keys)), true);
  }

  /**
   * For a start-up line: whether payloads are encrypted and with which key ids (no key material),
   * e.g. {@code payloads encrypted (keys [k1, k2], encrypting with k2)}.
   *
   * @throws IllegalArgumentException when the key settings are unusable
   */
  public static String describe(Map<String, String> env, Path dataDir) {
    return CodecKeys.fromEnv(env, dataDir)
        .map(keys -> "payloads encrypted (" + keys.describe() + ")")
        .orElse("payloads NOT encrypted (no " + CodecKeys.KEYS + ")");
  }

  /**
   * The converter the environment configures (see {@link CodecKeys#fromEnv}): encrypting when keys
   * are set, Temporal's default otherwise.
   *
   * @throws IllegalArgumentException when the key settings are unusable
   */
  public static DataConverter fromEnv(Map<String, String> env, Path dataDir) {
    return CodecKeys.fromEnv(env, dataDir)
        .map(PayloadEncryption::dataConverter)
        .orElse(DefaultDataConverter.STANDARD_INSTANCE);
  }
}
