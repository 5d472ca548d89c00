package dev.oncelane.workers.bench.load;

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
}
