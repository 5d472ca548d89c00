package dev.oncelane.activities.imports;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The ledger's tables for imports ({@code imports}, {@code import_rows}): the rows {@code oncelane
 * import} read, which the import workflow starts, and what became of them.
 *
 * <p>CONTRACT ONLY: implemented on branch {@code import-core}.
 */
public final class ImportStore {

  private final DataSource dataSource;

  public ImportStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores an import and all its rows in one transaction; nothing when {@code importId} is already
   * stored.
   *
   * @return true if stored now, false if it was already there
   */
  public boolean save(ImportManifest manifest, List<ImportRow> rows) {
    throw new UnsupportedOperationException("import-core");
  }

  public Optional<ImportManifest> find(String importId) {
    throw new UnsupportedOperationException("import-core");
  }

  /** The import's valid rows after {@code afterLine}, in line order, at most {@code limit}. */
  public List<ImportRow> validRows(String importId, int afterLine, int limit) {
    throw new UnsupportedOperationException("import-core");
  }

  public ImportProgress progress(String importId) {
    throw new UnsupportedOperationException("import-core");
  }

  /** Every row that did not complete, in line order. */
  public List<UnfinishedRow> unfinished(String importId) {
    throw new UnsupportedOperationException("import-core");
  }
}
