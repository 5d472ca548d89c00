package dev.oncelane.activities.imports;

/**
 * A row that did not complete, for the import's result file.
 *
 * @param line the row's line number in the file
 * @param processingId its event's processing id; null for an invalid row
 * @param status {@code invalid}, {@code refused}, {@code pending}, {@code processing}, {@code
 *     manual_review}, {@code failed} or {@code discarded}
 * @param reason why: the invalid row's problem, the refusal's code (e.g. {@code key_reused}), or
 *     the ledger's reason code (e.g. {@code validation_error})
 * @param crmMessage the CRM's message behind the reason, or the refusal's sentence, if any
 * @param raw the row as it stands in the file
 */
public record UnfinishedRow(
    int line, String processingId, String status, String reason, String crmMessage, String raw) {}
