package dev.oncelane.activities.imports;

/**
 * One submitted import file, as {@code oncelane import} stored it.
 *
 * @param importId the import's id, {@code <name>-<first 12 hex digits of the file's SHA-256>}, e.g.
 *     {@code trade-show-3f9a0c1b2d4e}; the import workflow's id is {@code import:<importId>}
 * @param name the import's name (default: the file name without its extension); part of every row's
 *     idempotency key, so the same rows under the same name are the same events
 * @param fileName the file's name as given, e.g. {@code trade-show.csv}
 * @param fileSha256 SHA-256 of the file's bytes, hex
 * @param totalRows data rows read (a CSV header is not a row)
 * @param invalidRows rows refused before the lane (no email, bad email, wrong column count, …)
 * @param submittedBy who ran the import, e.g. {@code alice}
 * @param submittedAtMillis when it was stored, epoch milliseconds
 */
public record ImportManifest(
    String importId,
    String name,
    String fileName,
    String fileSha256,
    int totalRows,
    int invalidRows,
    String submittedBy,
    long submittedAtMillis) {}
