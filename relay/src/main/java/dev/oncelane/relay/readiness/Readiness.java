package dev.oncelane.relay.readiness;

import dev.oncelane.relay.RejectionReason;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a {@link ReadinessCheck}.
 *
 * @param reason null when ready; else why not, answered as a 503 problem: {@code
 *     temporal_unavailable} (unreachable, a transient fault) or {@code lane_misconfigured} (the
 *     namespace lacks what the lane needs; an operator must act)
 * @param detail a sentence for the operator, null when ready
 * @param facts extra members of the problem document, e.g. {@code missing} and {@code commands}
 */
public record Readiness(RejectionReason reason, String detail, Map<String, Object> facts) {

  private static final Readiness READY = new Readiness(null, null, Map.of());

  public Readiness {
    facts = Map.copyOf(Objects.requireNonNull(facts, "facts"));
    if (reason != null) {
      Objects.requireNonNull(detail, "detail");
    }
  }

  public static Readiness ready() {
    return READY;
  }

  /** Not ready, for {@code reason}, with the operator's sentence and extra problem members. */
  public static Readiness notReady(RejectionReason reason, String detail, Map<String, ?> facts) {
    return new Readiness(Objects.requireNonNull(reason, "reason"), detail, Map.copyOf(facts));
  }

  public boolean isReady() {
    return reason == null;
  }
}
