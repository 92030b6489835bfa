package org.d2aflow.kit.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

/**
 * The row of {@code outbox_lease} that names the one relay of a database allowed to publish. Times are the
 * database's ({@code clock_timestamp()}), so the instances' clocks never matter; the holder also keeps a local
 * deadline (from before its renewal was sent) and stops publishing when it passes without a renewal, so that it
 * never believes it holds a lease that the database already let lapse. Used by the relay thread only.
 */
final class OutboxLease {

    /** The lease as the database granted it: a new epoch means someone else may have held it in between. */
    record Grant(long epoch, String relayId) {
    }

    private static final String TAKE = """
            UPDATE outbox_lease SET epoch = CASE WHEN holder = ? THEN epoch ELSE epoch + 1 END, holder = ?,
                   expires_at = clock_timestamp() + ? * interval '1 millisecond'
            WHERE name = 'outbox' AND (holder = ? OR holder IS NULL OR expires_at < clock_timestamp())
            RETURNING epoch, relay_id""";

    private final DataSource dataSource;
    private final String holder;
    private final Duration ttl;
    private Grant grant;
    private long validUntilNanos;
    private long renewedNanos;

    OutboxLease(DataSource dataSource, String holder, Duration ttl) {
        this.dataSource = dataSource;
        this.holder = holder;
        this.ttl = ttl;
    }

    /**
     * Renews the lease, or takes it when it is free or lapsed; empty when another live holder has it. A renewal is
     * skipped while the last one is younger than a quarter of the lease.
     */
    java.util.Optional<Grant> hold() throws SQLException {
        long now = System.nanoTime();
        if (grant != null && now < validUntilNanos && now - renewedNanos < ttl.toNanos() / 4) {
            return java.util.Optional.of(grant);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(TAKE)) {
            st.setString(1, holder);
            st.setString(2, holder);
            st.setLong(3, ttl.toMillis());
            st.setString(4, holder);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    grant = null;
                    return java.util.Optional.empty();
                }
                grant = new Grant(rs.getLong(1), rs.getString(2));
            }
        } catch (SQLException e) {
            if (System.nanoTime() >= validUntilNanos) {
                grant = null;
            }
            throw e;
        }
        renewedNanos = now;
        // A margin for the round trip and for the database clock running a little ahead of ours.
        validUntilNanos = now + ttl.toNanos() - Math.min(ttl.toNanos() / 4, Duration.ofMillis(500).toNanos());
        return java.util.Optional.of(grant);
    }

    /** Whether the lease is still certainly ours: renewed less than a lease ago (minus a margin). */
    boolean valid() {
        return grant != null && System.nanoTime() < validUntilNanos;
    }

    /** Whether this instance held the lease at its last look. */
    boolean held() {
        return grant != null;
    }

    /** Gives the lease up at once (on shutdown), so that another instance takes over without waiting for it to lapse. */
    void release() throws SQLException {
        grant = null;
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "UPDATE outbox_lease SET holder = NULL, expires_at = '-infinity' WHERE name = 'outbox' AND holder = ?")) {
            st.setString(1, holder);
            st.executeUpdate();
        }
    }

    String holder() {
        return holder;
    }
}
