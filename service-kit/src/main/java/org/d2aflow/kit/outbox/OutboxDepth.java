package org.d2aflow.kit.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * How many outbox events wait and how old the oldest is, counted from the database when a gauge is read and kept for
 * a second, so a burst of scrapes costs one query (the partial index on unpublished rows keeps it cheap). Until
 * the first count succeeds the values are NaN (unknown, never a 0 that hides a backlog); a failed count keeps the
 * last known values.
 */
final class OutboxDepth {

    private static final Logger LOG = Logger.getLogger(OutboxDepth.class);
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    record Reading(double pending, double oldestAgeSeconds) {
        static final Reading UNKNOWN = new Reading(Double.NaN, Double.NaN);
    }

    private final DataSource dataSource;
    private final LongSupplier nanoTime;
    private Reading last = Reading.UNKNOWN;
    private long readAtNanos;
    private boolean read;

    OutboxDepth(DataSource dataSource, LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.nanoTime = nanoTime;
    }

    /** The current reading, counted again when the last one is a second old. */
    synchronized Reading read() {
        long now = nanoTime.getAsLong();
        if (read && now - readAtNanos < FRESH_NANOS) {
            return last;
        }
        readAtNanos = now;
        read = true;
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM (now() - min(created_at))), 0) FROM outbox WHERE published_at IS NULL")) {
            st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                last = new Reading(rs.getLong(1), Math.max(0, rs.getDouble(2)));
            }
        } catch (SQLException e) {
            LOG.debugf("Counting the outbox: %s", e);
        }
        return last;
    }
}
