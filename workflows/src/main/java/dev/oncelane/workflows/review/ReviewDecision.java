package dev.oncelane.workflows.review;

import dev.oncelane.workflows.sync.ContactEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An operator's decision on an event in manual review. The same JSON is the Update's and the
 * Signal's argument, e.g. {@code {"action":"adopt","crmId":"512","by":"alice","note":"same
 * person"}}.
 *
 * @param action {@code adopt}, {@code retry} or {@code discard}
 * @param crmId for {@code adopt}: the CRM contact to write to
 * @param properties for {@code retry}: corrected properties (an {@code email} entry replaces the
 *     key); may be empty
 * @param reason for {@code discard}: why the event is dropped
 * @param by who decided
 * @param note anything else worth keeping
 */
public record ReviewDecision(
    String action,
    String crmId,
    Map<String, String> properties,
    String reason,
    String by,
    String note) {

  /** The actor named in the trail for a decision that does not say who sent it. */
  public static final String UNKNOWN_ACTOR = "unknown";

  /** What an operator can decide. */
  public enum Action {
    ADOPT,
    RETRY,
    DISCARD
  }

  public ReviewDecision {
    // Null names and values are kept (Map.copyOf would throw while the payload is decoded, and the
    // SDK would drop the signal unseen) so that validate() refuses them with a reason.
    properties =
        properties == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  public static ReviewDecision adopt(String crmId, String by, String note) {
    return new ReviewDecision("adopt", crmId, Map.of(), null, by, note);
  }

  public static ReviewDecision retry(Map<String, String> corrections, String by, String note) {
    return new ReviewDecision("retry", null, corrections, null, by, note);
  }

  public static ReviewDecision discard(String reason, String by, String note) {
    return new ReviewDecision("discard", null, Map.of(), reason, by, note);
  }

  /** The action, or an {@link IllegalArgumentException} naming what is wrong. */
  public Action parsedAction() {
    if (action == null || action.isBlank()) {
      throw new IllegalArgumentException("decision has no action: use adopt, retry or discard");
    }
    try {
      return Action.valueOf(action.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown action '" + action + "': use adopt, retry or discard");
    }
  }

  /**
   * Checks everything that can be checked without the workflow's state: who decided, the action,
   * and per action its argument ({@code adopt}: a numeric CRM id; {@code discard}: a reason; {@code
   * retry}: corrections with names and values, and an {@code email} correction that looks like an
   * email address).
   *
   * @throws IllegalArgumentException with a reason a person can act on
   */
  public void validate() {
    validateShape();
    if (parsedAction() == Action.RETRY && properties.containsKey("email")) {
      String email = properties.get("email");
      if (email.isBlank() || !ContactEvent.isEmailAddress(email)) {
        throw new IllegalArgumentException(
            "retry corrects the email to '" + email + "', which is not an email address");
      }
    }
  }

  /**
   * The checks of {@link #validate()} without the email check: what a decision signal was held to
   * before workflow change {@code decision-desk-v1}, so runs started earlier replay as they ran.
   *
   * @throws IllegalArgumentException with a reason a person can act on
   */
  public void validateShape() {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("decision has no 'by': say who decided");
    }
    switch (parsedAction()) {
      case ADOPT -> {
        if (crmId == null || !crmId.trim().matches("[0-9]+")) {
          throw new IllegalArgumentException(
              "adopt needs the numeric CRM id of an existing contact, got '" + crmId + "'");
        }
      }
      case DISCARD -> {
        if (reason == null || reason.isBlank()) {
          throw new IllegalArgumentException("discard needs a reason");
        }
      }
      case RETRY -> {
        for (var e : properties.entrySet()) {
          if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
            throw new IllegalArgumentException("retry corrections need a name and a value");
          }
        }
      }
    }
  }

  /** Who sent the decision, or {@link #UNKNOWN_ACTOR} when it does not say. */
  public String actor() {
    return by == null || by.isBlank() ? UNKNOWN_ACTOR : by.trim();
  }

  /**
   * The decision as sent, in one line that never throws, for the trail of a refused decision: e.g.
   * {@code action=adopt crmId=abc}, {@code action=retry properties=[email]}. Corrected values are
   * left out; the names say what was corrected.
   */
  public String summary() {
    StringBuilder line = new StringBuilder("action=").append(action);
    if (crmId != null) {
      line.append(" crmId=").append(crmId);
    }
    if (!properties.isEmpty()) {
      line.append(" properties=").append(properties.keySet());
    }
    if (reason != null) {
      line.append(" reason=").append(reason);
    }
    if (note != null && !note.isBlank()) {
      line.append(" note=").append(note);
    }
    return line.toString();
  }

  /** One line for the ledger trail. */
  public String describe() {
    String what =
        switch (parsedAction()) {
          case ADOPT -> "adopt " + crmId.trim();
          case RETRY -> properties.isEmpty() ? "retry" : "retry with " + properties.keySet();
          case DISCARD -> "discard: " + reason;
        };
    return note == null || note.isBlank() ? what : what + " (" + note + ")";
  }

  /**
   * For log lines: the action, the CRM id and the names of corrected properties, never their
   * values, the discard reason or the note, which may quote personal data (logs are where no
   * payload codec reaches).
   */
  @Override
  public String toString() {
    return "ReviewDecision[action="
        + action
        + ", crmId="
        + crmId
        + ", properties="
        + properties.keySet()
        + ", by="
        + by
        + "]";
  }
}
