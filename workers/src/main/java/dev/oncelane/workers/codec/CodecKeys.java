package dev.oncelane.workers.codec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys of the payload codec: every key this process may <em>decrypt</em> with, by id,
 * and the one it <em>encrypts</em> with (none while an existing deployment is being switched on:
 * decode first everywhere, then encrypt).
 *
 * <p>Read from the environment or from a key file, never from committed configuration:
 *
 * <ul>
 *   <li>{@value #KEYS}: {@code id:base64key,id:base64key}, each key 32 random bytes in standard
 *       base64 ({@code openssl rand -base64 32}); an id is letters, digits, {@code . _ -}.
 *   <li>{@value #ENCRYPT_KEY}: the id of the key new payloads are encrypted with, or {@code none}
 *       to only decrypt. Required whenever keys are given.
 *   <li>{@value #KEY_FILE}: a file holding the same two settings as {@code NAME=value} lines
 *       ({@code #} comments), e.g. a mounted secret. A variable set in the environment wins over
 *       the file for {@value #ENCRYPT_KEY}; {@value #KEYS} may come from one place only.
 *   <li>Neither set: {@code <data dir>/}{@value #DEV_KEY_FILE_NAME} when it exists (what {@code
 *       oncelane dev} writes), else no codec at all.
 * </ul>
 *
 * <p>{@link #toString()} names the key ids, never the keys.
 */
public final class CodecKeys {

  public static final String KEYS = "ONCELANE_CODEC_KEYS";
  public static final String ENCRYPT_KEY = "ONCELANE_CODEC_ENCRYPT_KEY";
  public static final String KEY_FILE = "ONCELANE_CODEC_KEY_FILE";

  /** The key file {@code oncelane dev} keeps in its data directory. */
  public static final String DEV_KEY_FILE_NAME = "codec-keys.env";

  /** The value of {@value #ENCRYPT_KEY} that turns encryption off but keeps decryption. */
  public static final String DECRYPT_ONLY = "none";

  /** AES-256: 32-byte keys. */
  public static final int KEY_BYTES = 32;

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Map<String, SecretKey> keys;
  private final String encryptKeyId;

  private CodecKeys(Map<String, SecretKey> keys, String encryptKeyId) {
    this.keys = Collections.unmodifiableMap(keys);
    this.encryptKeyId = encryptKeyId;
  }

  /**
   * The keys the environment configures (see the class description), or empty when it configures
   * none.
   *
   * @param env the process environment
   * @param dataDir the data directory, where {@code oncelane dev} keeps its key file
   * @throws IllegalArgumentException naming the setting at fault when a key, an id or the file is
   *     unusable (the message never contains key material)
   */
  public static Optional<CodecKeys> fromEnv(Map<String, String> env, Path dataDir) {
    String keysVariable = value(env.get(KEYS));
    String fileVariable = value(env.get(KEY_FILE));
    Path file = fileVariable != null ? Path.of(fileVariable) : null;
    if (file == null && keysVariable == null && dataDir != null) {
      Path devFile = dataDir.resolve(DEV_KEY_FILE_NAME);
      file = Files.isRegularFile(devFile) ? devFile : null;
    }
    Properties fromFile = file == null ? new Properties() : readFile(file);
    String keysInFile = value(fromFile.getProperty(KEYS));
    if (keysVariable != null && keysInFile != null) {
      throw new IllegalArgumentException(
          KEYS + " is set both in the environment and in " + file + "; keep one");
    }
    String keyList = keysVariable != null ? keysVariable : keysInFile;
    String encrypt =
        value(env.get(ENCRYPT_KEY)) != null
            ? value(env.get(ENCRYPT_KEY))
            : value(fromFile.getProperty(ENCRYPT_KEY));
    if (keyList == null) {
      if (file != null) {
        throw new IllegalArgumentException(file + " (" + KEY_FILE + ") holds no " + KEYS);
      }
      if (encrypt != null) {
        throw new IllegalArgumentException(ENCRYPT_KEY + " is set but " + KEYS + " is not");
      }
      return Optional.empty();
    }
    return Optional.of(parse(keyList, encrypt));
  }

  /**
   * Parses {@code id:base64key,…} and the encrypting key's id.
   *
   * @param keyList the value of {@value #KEYS}
   * @param encryptKeyId an id from the list, {@value #DECRYPT_ONLY}, or null (refused)
   * @throws IllegalArgumentException when an entry, a key's length or the id is wrong
   */
  public static CodecKeys parse(String keyList, String encryptKeyId) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (String entry : keyList.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            KEYS + " entries are id:base64key; an entry has no ':' after its id");
      }
      String id = entry.substring(0, colon).trim();
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            KEYS + ": key id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
      }
      if (keys.containsKey(id)) {
        throw new IllegalArgumentException(KEYS + ": key id '" + id + "' appears twice");
      }
      keys.put(id, key(id, entry.substring(colon + 1).trim()));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(KEYS + " holds no key");
    }
    if (encryptKeyId == null) {
      throw new IllegalArgumentException(
          ENCRYPT_KEY
              + " must name the key to encrypt with (one of "
              + keys.keySet()
              + "), or be '"
              + DECRYPT_ONLY
              + "' to only decrypt");
    }
    if (encryptKeyId.equals(DECRYPT_ONLY)) {
      return new CodecKeys(keys, null);
    }
    if (!keys.containsKey(encryptKeyId)) {
      throw new IllegalArgumentException(
          ENCRYPT_KEY + " names '" + encryptKeyId + "', which is not among " + keys.keySet());
    }
    return new CodecKeys(keys, encryptKeyId);
  }

  /** A fresh random key in the form {@value #KEYS} takes: base64 of 32 random bytes. */
  public static String generateKey() {
    byte[] key = new byte[KEY_BYTES];
    new java.security.SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** The key with this id, if this process has it. */
  Optional<SecretKey> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** The id of the key new payloads are encrypted with; empty when only decrypting. */
  public Optional<String> encryptKeyId() {
    return Optional.ofNullable(encryptKeyId);
  }

  /** The ids of every key this process can decrypt with. */
  public java.util.Set<String> ids() {
    return keys.keySet();
  }

  /** The ids and which one encrypts: what a start-up line may show. */
  public String describe() {
    return "keys "
        + keys.keySet()
        + ", "
        + (encryptKeyId == null ? "decrypt only" : "encrypting with " + encryptKeyId);
  }

  @Override
  public String toString() {
    return "CodecKeys[" + describe() + "]";
  }

  private static SecretKey key(String id, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          KEYS
              + ": key '"
              + id
              + "' is not standard base64 (generate one: openssl rand -base64 32)");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          KEYS
              + ": key '"
              + id
              + "' is "
              + bytes.length
              + " bytes; AES-256 needs "
              + KEY_BYTES
              + " (generate one: openssl rand -base64 32)");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  private static Properties readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          KEY_FILE + " names " + file + ", which cannot be read: " + e.getMessage(), e);
    }
    return properties;
  }

  private static String value(String raw) {
    return raw == null || raw.isBlank() ? null : raw.trim();
  }
}
