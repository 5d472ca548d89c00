package dev.oncelane.sandbox.http;

import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.contacts.ContactStore;
import dev.oncelane.sandbox.faults.FaultInjector;
import dev.oncelane.sandbox.faults.RateLimiter;
import java.time.Clock;

/** Everything a running sandbox holds, shared by the /crm API and the admin endpoints. */
public final class SandboxState {

  private final String token;
  private final FaultInjector faults;
  private final ContactStore store;
  private final RateLimiter rateLimiter;
  private final CallStats stats = new CallStats();

  public SandboxState(String token, long seed, FaultConfig initialFaults, Clock clock) {
    this.token = token;
    this.faults = new FaultInjector(seed, initialFaults);
    this.store = new ContactStore(clock, () -> faults.config().searchLagMs());
    this.rateLimiter = new RateLimiter(clock, () -> faults.config().rateLimitPer10s());
  }

  public String token() {
    return token;
  }

  public FaultInjector faults() {
    return faults;
  }

  public ContactStore store() {
    return store;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  public CallStats stats() {
    return stats;
  }

  /** Drops contacts, stats and rate-limit windows; keeps the faults, restarting their sequence. */
  public void reset() {
    store.clear();
    stats.clear();
    rateLimiter.clear();
    faults.configure(faults.config());
  }
}
