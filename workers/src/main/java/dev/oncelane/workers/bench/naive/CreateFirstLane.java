package dev.oncelane.workers.bench.naive;

import java.util.Map;
import java.util.TreeMap;

/**
 * Create first, retry blindly: POST a create; on an error or a timeout POST it again. It has no 409
 * handler, so a 409 (the contact exists, or an earlier attempt's answer was lost) fails the event.
 */
final class CreateFirstLane implements NaiveLane {

  private final NaiveCrm crm;

  CreateFirstLane(NaiveCrm crm) {
    this.crm = crm;
  }

  @Override
  public String name() {
    return "create-first, blind retry";
  }

  @Override
  public boolean process(String email, Map<String, String> properties) {
    Map<String, String> all = new TreeMap<>(properties);
    all.put("email", email);
    return BlindRetry.call(() -> crm.create(all)).ok();
  }
}
