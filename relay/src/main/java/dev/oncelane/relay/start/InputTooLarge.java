package dev.oncelane.relay.start;

/**
 * The event's workflow input is larger than the lane takes: larger than the relay's configured
 * {@code maxInputBytes} (refused before any call to Temporal), or refused by Temporal's own limits
 * (its blob size limit {@code limit.blobSize.error}, 2 MiB by default, or the 4 MiB gRPC message
 * limit). Sending the same event again cannot succeed.
 */
public final class InputTooLarge extends StartRefused {

  /** Who refused the input. */
  public enum RefusedBy {
    /** The relay, before calling Temporal: the input exceeds {@code maxInputBytes}. */
    RELAY,
    /** The Temporal server: its blob size limit or its gRPC message limit is lower. */
    TEMPORAL
  }

  private final long inputBytes;
  private final long maxInputBytes;
  private final RefusedBy refusedBy;

  /**
   * @param inputBytes the serialized workflow input's size in bytes, as Temporal measures it (the
   *     {@code Payloads} message after the client's data converter)
   * @param maxInputBytes the relay's configured limit in bytes
   */
  public InputTooLarge(
      long inputBytes, long maxInputBytes, RefusedBy refusedBy, String message, Throwable cause) {
    super(message, cause);
    this.inputBytes = inputBytes;
    this.maxInputBytes = maxInputBytes;
    this.refusedBy = refusedBy;
  }

  /** The serialized workflow input's size, bytes. */
  public long inputBytes() {
    return inputBytes;
  }

  /** The relay's configured limit, bytes. */
  public long maxInputBytes() {
    return maxInputBytes;
  }

  public RefusedBy refusedBy() {
    return refusedBy;
  }
}
