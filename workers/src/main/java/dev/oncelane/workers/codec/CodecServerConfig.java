package dev.oncelane.workers.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where the codec server listens, whom it answers and which browser origins may call it.
 *
 * <ul>
 *   <li>{@value #HOST} / {@value #PORT}: default {@code 127.0.0.1} / {@code 8234}.
 *   <li>{@value #TOKEN}: the access token callers present as {@code Authorization: Bearer <token>}
 *       (the {@code temporal} CLI's {@code --codec-auth}) or as the first segment of the path
 *       ({@code /<token>/decode}, for the Web UI, which cannot send a token of its own). Required.
 *   <li>{@value #CORS_ORIGINS}: comma-separated origins of the Web UI allowed to call it from a
 *       browser; default the dev server's UI, {@code http://127.0.0.1:8233,http://localhost:8233}.
 * </ul>
 *
 * <p>{@link #toString()} never shows the token.
 *
 * @param host the interface to bind
 * @param port the port; 0 picks a free one
 * @param token the access token, at least 16 characters
 * @param allowedOrigins browser origins ({@code scheme://host:port}) allowed by CORS
 */
public record CodecServerConfig(String host, int port, String token, List<String> allowedOrigins) {

  public static final String HOST = "ONCELANE_CODEC_SERVER_HOST";
  public static final String PORT = "ONCELANE_CODEC_SERVER_PORT";
  public static final String TOKEN = "ONCELANE_CODEC_TOKEN";
  public static final String CORS_ORIGINS = "ONCELANE_CODEC_CORS_ORIGINS";

  public static final int DEFAULT_PORT = 8234;
  public static final List<String> DEFAULT_ORIGINS =
      List.of("http://127.0.0.1:8233", "http://localhost:8233");

  /** Shorter tokens are refused: the token is all that stands between payloads and a reader. */
  public static final int MIN_TOKEN_LENGTH = 16;

  /** Refuses a missing or short token and malformed origins. */
  public CodecServerConfig {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "the codec server refuses to run without an access token: set " + TOKEN);
    }
    if (token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          TOKEN + " must be at least " + MIN_TOKEN_LENGTH + " characters");
    }
    if (!token.matches("[A-Za-z0-9._~-]+")) {
      throw new IllegalArgumentException(
          TOKEN + " may hold only letters, digits and . _ ~ - (it also travels in a URL path)");
    }
    allowedOrigins = List.copyOf(allowedOrigins);
    for (String origin : allowedOrigins) {
      if (!origin.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException(
            CORS_ORIGINS + ": '" + origin + "' is not an origin like http://127.0.0.1:8233");
      }
    }
  }

  /**
   * The configuration the environment describes (see the class description).
   *
   * @throws IllegalArgumentException when the token is missing or a value is malformed
   */
  public static CodecServerConfig fromEnv(Map<String, String> env) {
    String origins = env.get(CORS_ORIGINS);
    return new CodecServerConfig(
        env.getOrDefault(HOST, "127.0.0.1"),
        port(env.get(PORT)),
        env.get(TOKEN) == null ? null : env.get(TOKEN).trim(),
        origins == null || origins.isBlank()
            ? DEFAULT_ORIGINS
            : Arrays.stream(origins.split(","))
                .map(String::trim)
                .filter(o -> !o.isEmpty())
                .toList());
  }

  @Override
  public String toString() {
    return "CodecServerConfig[" + host + ":" + port + ", origins " + allowedOrigins + "]";
  }

  private static int port(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT + " must be a port number, not '" + value + "'");
    }
  }
}
