package dev.oncelane.workflows.imports;

/**
 * What the import workflow did, when every valid row has been started.
 *
 * @param importId the import
 * @param started rows whose workflow started now
 * @param duplicates rows whose workflow id already had a run (an earlier import of the same rows,
 *     or a repeated row)
 */
public record ImportFed(String importId, int started, int duplicates) {}
