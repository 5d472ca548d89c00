package dev.oncelane.activities.ledger;

import java.sql.SQLException;

/**
 * The ledger's database could not answer. Retryable: an activity that throws it is retried until
 * the database is back, so no step goes unrecorded.
 */
public final class LedgerStorageException extends RuntimeException {

  LedgerStorageException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
