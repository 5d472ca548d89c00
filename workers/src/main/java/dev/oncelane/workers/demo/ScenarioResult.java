package dev.oncelane.workers.demo;

/**
 * What one demo scenario showed.
 *
 * @param scenario what was played
 * @param expected what a correct lane does
 * @param observed what this lane did
 * @param holds whether every invariant of the scenario held
 */
record ScenarioResult(String scenario, String expected, String observed, boolean holds) {}
