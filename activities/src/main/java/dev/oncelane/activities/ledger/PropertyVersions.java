package dev.oncelane.activities.ledger;

import dev.oncelane.workflows.freshness.Freshness;
import dev.oncelane.workflows.freshness.OrderingKey;
import dev.oncelane.workflows.freshness.PropertyVersion;
import dev.oncelane.workflows.sync.ContactEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Newest wins, as the ledger keeps it: per contact ({@code object_key}, the normalized email) and
 * property, the {@link OrderingKey} of the event whose value was last written ({@code
 * property_versions}, created by {@link LedgerSchema}).
 *
 * <p>Keys are compared in Java ({@link OrderingKey#compareTo}), never in SQL, because PostgreSQL
 * compares text by the database's collation and SQLite by bytes. A write is a compare-and-set: it
 * inserts where no row exists ({@code ON CONFLICT DO NOTHING}) or updates only the row it read
 * (every key column in the {@code WHERE}), and reads again when another writer got there first. So
 * a recorded key only ever moves forward, on both databases, without vendor locking syntax.
 */
public final class PropertyVersions {

  private static final String COLUMNS =
      "object_key, property, event_time, accepted_at, processing_id, written_at";

  private final LedgerConnections connections;
  private final Clock clock;

  /** Versions on {@code dataSource}, whose schema {@link LedgerSchema#create} has prepared. */
  public PropertyVersions(DataSource dataSource, Clock clock) {
    this.connections = new LedgerConnections(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * See {@link dev.oncelane.workflows.ledger.LedgerActivities#freshProperties}.
   *
   * @throws LedgerStorageException when the database fails (retryable)
   */
  public Freshness freshProperties(String objectKey, OrderingKey key, Set<String> properties) {
    String contact = ContactEvent.normalizeEmail(objectKey);
    List<String> fresh = new ArrayList<>();
    List<PropertyVersion> stale = new ArrayList<>();
    connections.read(
        "freshness of " + key.processingId(),
        connection -> {
          for (String property : new TreeSet<>(properties)) {
            Optional<PropertyVersion> held = select(connection, contact, property);
            if (held.isPresent() && held.get().key().isNewerThan(key)) {
              stale.add(held.get());
            } else {
              fresh.add(property);
            }
          }
          return null;
        });
    return new Freshness(fresh, stale);
  }

  /**
   * See {@link dev.oncelane.workflows.ledger.LedgerActivities#recordWritten}.
   *
   * @throws LedgerStorageException when the database fails (retryable)
   */
  public List<String> recordWritten(String objectKey, OrderingKey key, Set<String> properties) {
    String contact = ContactEvent.normalizeEmail(objectKey);
    return connections.inTransaction(
        "record written properties of " + key.processingId(),
        connection -> {
          List<String> moved = new ArrayList<>();
          for (String property : new TreeSet<>(properties)) {
            if (compareAndSet(connection, contact, property, key)) {
              moved.add(property);
            }
          }
          return moved;
        });
  }

  /** Every property recorded for the contact {@code objectKey}, by property name. */
  public List<PropertyVersion> of(String objectKey) {
    String contact = ContactEvent.normalizeEmail(objectKey);
    return connections.read(
        "property versions of " + contact,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM property_versions WHERE object_key = ? ORDER BY property")) {
            select.setString(1, contact);
            try (ResultSet rs = select.executeQuery()) {
              List<PropertyVersion> versions = new ArrayList<>();
              while (rs.next()) {
                versions.add(toVersion(rs));
              }
              return versions;
            }
          }
        });
  }

  private boolean compareAndSet(
      Connection connection, String contact, String property, OrderingKey key) throws SQLException {
    while (true) {
      Optional<PropertyVersion> held = select(connection, contact, property);
      if (held.isEmpty()) {
        if (insert(connection, contact, property, key)) {
          return true;
        }
      } else if (!key.isNewerThan(held.get().key())) {
        return false;
      } else if (replace(connection, held.get(), key)) {
        return true;
      }
      // Another writer inserted or moved the row between our read and our write: read again.
    }
  }

  private boolean insert(Connection connection, String contact, String property, OrderingKey key)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO property_versions ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (object_key, property) DO NOTHING")) {
      insert.setString(1, contact);
      insert.setString(2, property);
      insert.setLong(3, key.eventTime());
      insert.setLong(4, key.acceptedAt());
      insert.setString(5, key.processingId());
      insert.setLong(6, clock.millis());
      return insert.executeUpdate() == 1;
    }
  }

  private boolean replace(Connection connection, PropertyVersion held, OrderingKey key)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE property_versions SET event_time = ?, accepted_at = ?, processing_id = ?,"
                + " written_at = ? WHERE object_key = ? AND property = ? AND event_time = ?"
                + " AND accepted_at = ? AND processing_id = ?")) {
      update.setLong(1, key.eventTime());
      update.setLong(2, key.acceptedAt());
      update.setString(3, key.processingId());
      update.setLong(4, clock.millis());
      update.setString(5, held.objectKey());
      update.setString(6, held.property());
      update.setLong(7, held.key().eventTime());
      update.setLong(8, held.key().acceptedAt());
      update.setString(9, held.key().processingId());
      return update.executeUpdate() == 1;
    }
  }

  private static Optional<PropertyVersion> select(
      Connection connection, String contact, String property) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM property_versions WHERE object_key = ? AND property = ?")) {
      select.setString(1, contact);
      select.setString(2, property);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(toVersion(rs)) : Optional.empty();
      }
    }
  }

  private static PropertyVersion toVersion(ResultSet rs) throws SQLException {
    return new PropertyVersion(
        rs.getString("object_key"),
        rs.getString("property"),
        new OrderingKey(
            rs.getLong("event_time"), rs.getLong("accepted_at"), rs.getString("processing_id")),
        rs.getLong("written_at"));
  }
}
