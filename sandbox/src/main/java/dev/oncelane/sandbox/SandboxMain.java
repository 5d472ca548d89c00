package dev.oncelane.sandbox;

/** Runs a sandbox from the command line: {@code SandboxMain [port [seed]]} (default 8089, 0). */
public final class SandboxMain {

  private SandboxMain() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 0L;
    SandboxServer server =
        SandboxServer.start(SandboxOptions.defaults().withPort(port).withSeed(seed));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("HubSpot sandbox on " + server.baseUrl() + " (token sandbox-token)");
  }
}
