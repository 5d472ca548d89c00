package dev.oncelane.workers.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecKeysTest {

  private static final String KEY = CodecKeys.generateKey();

  @TempDir Path dir;

  @Test
  void withoutKeySettingsThereIsNoCodec() {
    assertEquals(Optional.empty(), CodecKeys.fromEnv(Map.of(), dir));
  }

  @Test
  void readsSeveralKeysAndTheOneThatEncryptsFromTheEnvironment() {
    String other = CodecKeys.generateKey();
    CodecKeys keys =
        CodecKeys.fromEnv(
                Map.of(
                    "ONCELANE_CODEC_KEYS",
                    "k1:" + KEY + ", k2:" + other,
                    "ONCELANE_CODEC_ENCRYPT_KEY",
                    "k2"),
                dir)
            .orElseThrow();
    assertEquals(Set.of("k1", "k2"), keys.ids());
    assertEquals(Optional.of("k2"), keys.encryptKeyId());
    assertFalse(keys.toString().contains(KEY), "never shows key material");
  }

  @Test
  void readsAKeyFileAndTheEnvironmentChoosesTheEncryptingKey() throws Exception {
    Path file = dir.resolve("keys.env");
    Files.writeString(
        file,
        "# secret\nONCELANE_CODEC_KEYS=old:"
            + KEY
            + ",new:"
            + CodecKeys.generateKey()
            + "\nONCELANE_CODEC_ENCRYPT_KEY=old\n");
    CodecKeys keys =
        CodecKeys.fromEnv(
                Map.of(
                    "ONCELANE_CODEC_KEY_FILE",
                    file.toString(),
                    "ONCELANE_CODEC_ENCRYPT_KEY",
                    "new"),
                null)
            .orElseThrow();
    assertEquals(Optional.of("new"), keys.encryptKeyId());
  }

  @Test
  void usesTheDevKeyFileInTheDataDirectoryWhenNothingElseIsSet() throws Exception {
    Files.writeString(
        dir.resolve(CodecKeys.DEV_KEY_FILE_NAME),
        "ONCELANE_CODEC_KEYS=dev:" + KEY + "\nONCELANE_CODEC_ENCRYPT_KEY=dev\n");
    assertEquals(Optional.of("dev"), CodecKeys.fromEnv(Map.of(), dir).orElseThrow().encryptKeyId());
  }

  @Test
  void refusesUnusableSettingsWithAClearReasonAndNoKeyMaterial() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    Map<Map<String, String>, String> cases =
        Map.of(
            Map.of("ONCELANE_CODEC_KEYS", "a:" + shortKey, "ONCELANE_CODEC_ENCRYPT_KEY", "a"),
                "16 bytes; AES-256 needs 32",
            Map.of("ONCELANE_CODEC_KEYS", "a:not base64!", "ONCELANE_CODEC_ENCRYPT_KEY", "a"),
                "not standard base64",
            Map.of("ONCELANE_CODEC_KEYS", "a:" + KEY), "ONCELANE_CODEC_ENCRYPT_KEY must name",
            Map.of("ONCELANE_CODEC_KEYS", "a:" + KEY, "ONCELANE_CODEC_ENCRYPT_KEY", "b"),
                "names 'b', which is not among [a]",
            Map.of(
                    "ONCELANE_CODEC_KEYS",
                    "a:" + KEY + ",a:" + KEY,
                    "ONCELANE_CODEC_ENCRYPT_KEY",
                    "a"),
                "appears twice",
            Map.of("ONCELANE_CODEC_KEYS", KEY, "ONCELANE_CODEC_ENCRYPT_KEY", "a"), "id:base64key",
            Map.of("ONCELANE_CODEC_ENCRYPT_KEY", "a"), "ONCELANE_CODEC_KEYS is not",
            Map.of("ONCELANE_CODEC_KEY_FILE", "/nonexistent/keys.env"), "cannot be read");
    cases.forEach(
        (env, expected) -> {
          IllegalArgumentException refused =
              assertThrows(IllegalArgumentException.class, () -> CodecKeys.fromEnv(env, dir));
          assertTrue(refused.getMessage().contains(expected), refused.getMessage());
          assertFalse(refused.getMessage().contains(KEY), "no key material in " + refused);
        });
  }
}
