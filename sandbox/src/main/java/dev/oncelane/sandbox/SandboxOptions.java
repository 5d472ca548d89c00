package dev.oncelane.sandbox;

/**
 * How to start a {@link SandboxServer}.
 *
 * @param host interface to bind; {@code null} means 127.0.0.1
 * @param port port to bind; 0 picks a free ephemeral port
 * @param token the only Bearer token the /crm API accepts; {@code null} means "sandbox-token"
 * @param seed seed of the random source behind every injected fault
 * @param faults initial fault configuration; {@code null} means {@link FaultConfig#none()}
 */
public record SandboxOptions(String host, int port, String token, long seed, FaultConfig faults) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String DEFAULT_TOKEN = "sandbox-token";

  /** Fills in the documented defaults for null fields. */
  public SandboxOptions {
    host = host == null || host.isBlank() ? DEFAULT_HOST : host;
    token = token == null || token.isBlank() ? DEFAULT_TOKEN : token;
    faults = faults == null ? FaultConfig.none() : faults;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be within [0,65535], got " + port);
    }
  }

  /** 127.0.0.1, an ephemeral port, token "sandbox-token", seed 0, no faults. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(DEFAULT_HOST, 0, DEFAULT_TOKEN, 0L, FaultConfig.none());
  }

  public SandboxOptions withHost(String newHost) {
    return new SandboxOptions(newHost, port, token, seed, faults);
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(host, newPort, token, seed, faults);
  }

  public SandboxOptions withToken(String newToken) {
    return new SandboxOptions(host, port, newToken, seed, faults);
  }

  public SandboxOptions withSeed(long newSeed) {
    return new SandboxOptions(host, port, token, newSeed, faults);
  }

  public SandboxOptions withFaults(FaultConfig newFaults) {
    return new SandboxOptions(host, port, token, seed, newFaults);
  }
}
