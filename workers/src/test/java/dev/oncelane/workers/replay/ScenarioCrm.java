package dev.oncelane.workers.replay;

import dev.oncelane.workflows.crm.CrmActivities;
import dev.oncelane.workflows.crm.CrmContact;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The worker's real CRM activities, with a point where a recording scenario changes the CRM (the
 * sandbox) just before or just after one call, as another writer or an operator would. The hook
 * never touches the activity's arguments or answer: what reaches the workflow is what the real
 * activity got from the sandbox, so the recorded history is the real worker's.
 */
final class ScenarioCrm implements CrmActivities {

  /** One CRM call, as the hook sees it. */
  enum Call {
    FIND_BY_EMAIL,
    FIND_BY_ID,
    CREATE,
    UPDATE
  }

  /** What happens in the CRM around the lane's calls; by default nothing. */
  interface World {
    World QUIET = new World() {};

    /** Runs on the activity's thread before the call reaches the CRM. */
    default void before(Call call) {}

    /** Runs on the activity's thread after the call failed, before the failure leaves. */
    default void afterFailure(Call call, RuntimeException failure) {}
  }

  private final CrmActivities real;
  private volatile World world = World.QUIET;

  ScenarioCrm(CrmActivities real) {
    this.real = Objects.requireNonNull(real, "real");
  }

  void world(World world) {
    this.world = Objects.requireNonNull(world, "world");
  }

  @Override
  public CrmContact findByEmail(String email) {
    return around(Call.FIND_BY_EMAIL, () -> real.findByEmail(email));
  }

  @Override
  public CrmContact findById(String id) {
    return around(Call.FIND_BY_ID, () -> real.findById(id));
  }

  @Override
  public CrmContact create(Map<String, String> properties) {
    return around(Call.CREATE, () -> real.create(properties));
  }

  @Override
  public CrmContact update(String id, Map<String, String> properties) {
    return around(Call.UPDATE, () -> real.update(id, properties));
  }

  private CrmContact around(Call call, Supplier<CrmContact> request) {
    World current = world;
    current.before(call);
    try {
      return request.get();
    } catch (RuntimeException failure) {
      current.afterFailure(call, failure);
      throw failure;
    }
  }
}
