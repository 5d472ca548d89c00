package dev.oncelane.workers.bench.load;

/**
 * Throughput at saturation: every event offered as fast as it is taken.
 *
 * @param lane {@code oncelane} or {@code bare}
 * @param events events offered
 * @param eventsPerSecond events over the time from the first send to the last one finished
 * @param p50Ms median time an event took to finish (see the report for where it is measured)
 * @param p95Ms 95th percentile of the same
 * @param unfinished events not finished by the deadline (or finished otherwise than expected)
 */
public record Saturation(
    String lane, int events, double eventsPerSecond, double p50Ms, double p95Ms, int unfinished) {}
