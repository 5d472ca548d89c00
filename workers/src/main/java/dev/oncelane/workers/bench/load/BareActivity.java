package dev.oncelane.workers.bench.load;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The bare workflow's one activity, which does nothing. */
@ActivityInterface
public interface BareActivity {

  @ActivityMethod
  void noop();

  /** Does nothing, so the bare workflow measures Temporal alone. */
  final class Impl implements BareActivity {
    @Override
    public void noop() {
      // nothing on purpose: the cost measured is Temporal's
    }
  }
}
