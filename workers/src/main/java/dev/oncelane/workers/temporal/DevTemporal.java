package dev.oncelane.workers.temporal;

/** A Temporal server that dev mode runs on this machine. */
public interface DevTemporal extends AutoCloseable {

  /** host:port of its frontend. */
  String address();

  /** The Web UI's URL, or null when this server has none. */
  String uiUrl();

  /** False for the in-memory server, whose workflows die with the process. */
  boolean durable();

  @Override
  void close();
}
