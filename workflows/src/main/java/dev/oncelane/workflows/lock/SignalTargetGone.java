package dev.oncelane.workflows.lock;

import io.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause;
import io.temporal.failure.ApplicationFailure;

/**
 * Recognizes an external signal whose target workflow run does not exist (any more): completed,
 * cancelled, terminated, timed out, or never started. At SDK 1.38 such a signal fails with an
 * {@link ApplicationFailure} whose type is the server's cause name, {@code
 * SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND} (built by
 * the SDK's {@code SignalExternalStateMachine}), not with {@code SignalExternalWorkflowException}.
 */
final class SignalTargetGone {

  static final String TYPE =
      SignalExternalWorkflowExecutionFailedCause
          .SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND
          .name();

  private SignalTargetGone() {}

  /** True when {@code failure} is a signal's "target not found"; other failures are not. */
  static boolean is(RuntimeException failure) {
    return failure instanceof ApplicationFailure application && TYPE.equals(application.getType());
  }
}
