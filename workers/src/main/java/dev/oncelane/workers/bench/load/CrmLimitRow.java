package dev.oncelane.workers.bench.load;

import java.util.Objects;

/**
 * One CRM-limit measurement: oncelane's stream against a sandbox enforcing {@code limitPer10s},
 * beside the bare workflow saturated on the same server just before.
 *
 * @param limitPer10s the sandbox's burst limit, requests per rolling 10 s (the workers' budget); 0
 *     for none, the row to compare the limited ones with
 * @param batching {@code ONCELANE_CRM_BATCHING} as passed to the workers: {@code on} or {@code off}
 * @param workers worker processes polling at once
 * @param burst whether the stream was the burst ({@link CrmLimitRun#BURST_FACTOR} × the limit in
 *     events, offered at once) rather than {@code --crm-events} events
 * @param events unique events in the stream (one contact each)
 * @param oncelane oncelane's saturation over the stream
 * @param bare the bare workflow's saturation with as many workflows
 * @param crm the CRM requests the stream cost
 */
public record CrmLimitRow(
    int limitPer10s,
    String batching,
    int workers,
    boolean burst,
    int events,
    Saturation oncelane,
    Saturation bare,
    CrmUsage crm) {

  /**
   * A builder starting at no limit, batching {@code off}, one worker, no burst, 0 events; {@code
   * oncelane}, {@code bare} and {@code crm} have no default.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** oncelane's events/s over the bare workflow's; 0 when the bare run measured nothing. */
  public double ratio() {
    return bare.eventsPerSecond() == 0 ? 0 : oncelane.eventsPerSecond() / bare.eventsPerSecond();
  }

  /**
   * The events/s the budget allows at two requests per event (lookup, then create or update), as
   * the lane spends it without batching: {@code limit / 10 s / 2}; infinite without a limit.
   */
  public double twoCallCeiling() {
    return limitPer10s == 0 ? Double.POSITIVE_INFINITY : limitPer10s / 10.0 / 2;
  }

  /** CRM requests (not refused for the rate limit) per unique event. */
  public double callsPerEvent() {
    return crm.callsPerEvent(events);
  }

  /** Builds a {@link CrmLimitRow} by name; {@link #build()} throws NPE for an unset result. */
  public static final class Builder {
    private int limitPer10s;
    private String batching = "off";
    private int workers = 1;
    private boolean burst;
    private int events;
    private Saturation oncelane;
    private Saturation bare;
    private CrmUsage crm;

    private Builder() {}

    public Builder limitPer10s(int limitPer10s) {
      this.limitPer10s = limitPer10s;
      return this;
    }

    public Builder batching(String batching) {
      this.batching = batching;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder burst(boolean burst) {
      this.burst = burst;
      return this;
    }

    public Builder events(int events) {
      this.events = events;
      return this;
    }

    public Builder oncelane(Saturation oncelane) {
      this.oncelane = oncelane;
      return this;
    }

    public Builder bare(Saturation bare) {
      this.bare = bare;
      return this;
    }

    public Builder crm(CrmUsage crm) {
      this.crm = crm;
      return this;
    }

    public CrmLimitRow build() {
      return new CrmLimitRow(
          limitPer10s,
          batching,
          workers,
          burst,
          events,
          Objects.requireNonNull(oncelane, "oncelane"),
          Objects.requireNonNull(bare, "bare"),
          Objects.requireNonNull(crm, "crm"));
    }
  }
}
