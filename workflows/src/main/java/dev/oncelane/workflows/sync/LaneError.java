package dev.oncelane.workflows.sync;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;

/** How a failure the lane does not handle is named in the ledger trail and the run's failure. */
final class LaneError {

  /** The ApplicationFailure type a bug in the lane is reported under when the run fails. */
  static final String TYPE = "LaneError";

  private LaneError() {}

  /**
   * The error for the trail's error payload: the failure's class (or, for an application failure,
   * its type) and message, then the same for each cause, e.g. {@code ActivityFailure: … <-
   * CrmUnexpected: 418 I'm a teapot}.
   */
  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (text.length() > 0) {
        text.append(" <- ");
      }
      text.append(name(t)).append(": ").append(message(t));
    }
    return text.toString();
  }

  /** A few words for the trail's detail: "the activity failure CrmUnexpected", "a bug (NPE)". */
  static String kind(Throwable failure) {
    if (failure instanceof ActivityFailure activity) {
      Throwable cause = activity.getCause();
      return "the activity failure " + (cause == null ? "" : name(cause));
    }
    if (failure instanceof ApplicationFailure application) {
      return "the failure " + name(application);
    }
    return "an error in the workflow (" + failure.getClass().getSimpleName() + ")";
  }

  private static String name(Throwable t) {
    if (t instanceof ApplicationFailure application && application.getType() != null) {
      return application.getType();
    }
    return t.getClass().getName();
  }

  private static String message(Throwable t) {
    if (t instanceof ApplicationFailure application) {
      return application.getOriginalMessage();
    }
    return String.valueOf(t.getMessage());
  }
}
