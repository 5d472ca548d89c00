package dev.oncelane.workflows.sync;

import java.util.List;

/**
 * Who started a new run of an event, and why; rides in {@link ContactEvent#rerun()} so the ledger's
 * step back to {@code processing} names the operator, not the lane.
 *
 * <p>A plain rerun ({@code oncelane rerun}, {@code oncelane replay}) runs a {@code failed} event
 * again. A <em>forced</em> rerun ({@code oncelane replay --force}) or a <em>backfill</em> ({@code
 * oncelane replay --properties firstname,lastname}) may also run a settled event again ({@code
 * completed}, {@code resolved_after_409}, {@code discarded}, {@code skipped_stale}); a backfill's
 * input carries only the named properties of the stored event.
 *
 * <p>Kept in workflow histories: histories recorded before {@code force}, {@code properties} and
 * {@code command} existed read them as null: a plain rerun by {@code oncelane rerun}.
 *
 * @param by the operator, e.g. {@code alice}
 * @param reason why, for the trail; may be null
 * @param force true when the operator allowed a settled event to run again; null or false otherwise
 * @param properties the property names a backfill re-applies, e.g. {@code [firstname, lastname]};
 *     null or empty for a rerun of the whole event
 * @param command the operator command that started the run, {@link #RERUN} or {@link #REPLAY}; null
 *     means {@link #RERUN} (see {@link #startedWith()})
 */
public record Rerun(
    String by, String reason, Boolean force, List<String> properties, String command) {

  /** The command that reruns one event. */
  public static final String RERUN = "oncelane rerun";

  /** The command that reruns chosen events. */
  public static final String REPLAY = "oncelane replay";

  public Rerun {
    properties = properties == null ? null : List.copyOf(properties);
  }

  /** A rerun of a failed event, as {@code oncelane rerun} starts it. */
  public Rerun(String by, String reason) {
    this(by, reason, null, null, null);
  }

  /** A rerun of a failed event started by {@code oncelane replay}. */
  public static Rerun replay(String by, String reason) {
    return new Rerun(by, reason, null, null, REPLAY);
  }

  /** A rerun that may rewrite a settled event ({@code oncelane replay --force}). */
  public static Rerun forced(String by, String reason) {
    return new Rerun(by, reason, true, null, REPLAY);
  }

  /**
   * A backfill of {@code properties} only ({@code oncelane replay --properties}); it may rewrite a
   * settled event.
   */
  public static Rerun backfill(String by, String reason, List<String> properties) {
    if (properties == null || properties.isEmpty()) {
      throw new IllegalArgumentException("a backfill names at least one property");
    }
    return new Rerun(by, reason, true, properties, REPLAY);
  }

  /** The command that started the run: {@link #REPLAY}, else {@link #RERUN}. */
  public String startedWith() {
    return command == null ? RERUN : command;
  }

  /** True when this run may move a settled event (other than {@code failed}) back to processing. */
  public boolean rewritesSettled() {
    return Boolean.TRUE.equals(force) || (properties != null && !properties.isEmpty());
  }

  /**
   * The trail's sentence for the step back to {@code processing}: {@code rerun: CRM fixed}, {@code
   * forced rerun: CRM fixed}, {@code backfill: firstname,lastname; CRM fixed}.
   */
  public String describe() {
    boolean why = reason != null && !reason.isBlank();
    if (properties != null && !properties.isEmpty()) {
      return "backfill: " + String.join(",", properties) + (why ? "; " + reason : "");
    }
    String what = Boolean.TRUE.equals(force) ? "forced rerun" : "rerun";
    return why ? what + ": " + reason : what;
  }
}
