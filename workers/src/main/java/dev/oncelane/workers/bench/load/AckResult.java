package dev.oncelane.workers.bench.load;

/**
 * The relay's acknowledgement latency at one offered rate.
 *
 * @param kind {@code new} (202 after Temporal accepted the start) or {@code duplicate} (200)
 * @param offeredPerSecond the rate deliveries were scheduled at
 * @param achievedPerSecond answers per second, from the first due time to the last answer
 * @param p50Ms median latency from a delivery's due time to its answer
 * @param p95Ms 95th percentile of the same
 * @param p99Ms 99th percentile of the same
 * @param deliveries deliveries offered
 * @param unexpected deliveries answered otherwise than expected (or not at all)
 */
public record AckResult(
    String kind,
    double offeredPerSecond,
    double achievedPerSecond,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    int deliveries,
    int unexpected) {}
