package dev.oncelane.workflows.policy;

/** How the lane orders the events of one contact. */
public enum LaneOrdering {

  /**
   * Issue #10's guarantees: one writer per contact (the contact's lock) and per-property freshness
   * (each property keeps the newest event's value). The default, and what a setting recorded
   * without an ordering means.
   */
  NEWEST_WINS,

  /**
   * Neither lock nor freshness: whichever event writes last wins, whatever its age. The benchmark
   * calls this "without newest wins" ({@code ONCELANE_BENCH_WITHOUT_NEWEST_WINS=true}); the name
   * stays as it is recorded in stored histories' settings. For measuring what newest wins costs
   * ({@code oncelane bench load}), never for a lane with real data: it gives up issue #10's
   * guarantees.
   */
  LAST_WRITER_WINS
}
