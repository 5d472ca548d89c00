package dev.oncelane.workers.dev;

import dev.oncelane.workers.codec.CodecKeys;
import dev.oncelane.workers.codec.CodecServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

/**
 * The payload key and codec-server token of dev mode: the environment's when it sets them, else
 * generated once into the data directory ({@value CodecKeys#DEV_KEY_FILE_NAME} and {@value
 * #TOKEN_FILE_NAME}, readable by the owner only) and reused on every later start, so a persisted
 * dev server's histories stay readable.
 *
 * @param keyFile the key file dev mode uses, or null when the environment sets the keys
 * @param token the codec server's access token
 * @param tokenFile where the token is kept, or null when the environment sets it
 */
record DevCodec(Path keyFile, String token, Path tokenFile) {

  static final String TOKEN_FILE_NAME = "codec-token";

  /** Reads or creates the dev key file and token. */
  static DevCodec prepare(Path dataDir, Map<String, String> env) throws IOException {
    Files.createDirectories(dataDir);
    Path keyFile = null;
    if (blank(env.get(CodecKeys.KEYS)) && blank(env.get(CodecKeys.KEY_FILE))) {
      keyFile = dataDir.resolve(CodecKeys.DEV_KEY_FILE_NAME);
      if (!Files.exists(keyFile)) {
        String id = "dev-" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
        writeSecret(
            keyFile,
            "# oncelane dev: the payload codec's key, generated here; not for production.\n"
                + CodecKeys.KEYS
                + "="
                + id
                + ":"
                + CodecKeys.generateKey()
                + "\n"
                + CodecKeys.ENCRYPT_KEY
                + "="
                + id
                + "\n");
      }
    }
    String token = env.get(CodecServerConfig.TOKEN);
    Path tokenFile = null;
    if (blank(token)) {
      tokenFile = dataDir.resolve(TOKEN_FILE_NAME);
      if (!Files.exists(tokenFile)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        writeSecret(tokenFile, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
      }
      token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
    }
    return new DevCodec(keyFile, token.trim(), tokenFile);
  }

  private static void writeSecret(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the directory's permissions.
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
