package org.d2aflow.placement.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.stack.DatabaseRoles;
import org.d2aflow.stack.PostgresServer;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestStack;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V102 on a database that already holds follow-ups recorded before obtainedOn existed: each placement's follow-up in
 * force becomes its recorded event (whose id a correction names), obtained on the day it was recorded in Europe/London,
 * or on the obtainedOn the record carries. A {@code @QuarkusTest} only for its class path: Flyway's PostgreSQL support
 * comes with the Quarkus extension; the service's own database is not touched.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class FollowUpBackfillMigrationTest {

    @Test
    void followUpsRecordedBeforeTheFieldExistedGetTheirEventIdAndTheDayTheyWereRecorded() throws SQLException {
        TestStack stack = TestStack.get();
        DatabaseRoles roles = stack.database("d2a_placement_v102");
        String database = roles.database();
        PostgresServer pg = stack.postgres();
        migrate(roles, "101");
        String legacyEvent = UUID.randomUUID().toString();
        String datedEvent = UUID.randomUUID().toString();
        try (Connection c = pg.connect(database)) {
            // 23:30 UTC on 31 March 2027 is 00:30 on 1 April in London (summer time): the London day counts.
            followedUp(c, "p-legacy", legacyEvent, "{\"referralId\":\"r-1\",\"placementId\":\"p-legacy\",\"day91Status\":\"AT_HOME\"}",
                    OffsetDateTime.of(2027, 3, 31, 23, 30, 0, 0, ZoneOffset.UTC));
            followedUp(c, "p-dated", datedEvent,
                    "{\"referralId\":\"r-2\",\"placementId\":\"p-dated\",\"day91Status\":\"CARE_HOME\",\"obtainedOn\":\"2027-03-20\"}",
                    OffsetDateTime.of(2027, 3, 31, 10, 0, 0, 0, ZoneOffset.UTC));
        }

        migrate(roles, "102");

        try (Connection c = pg.connect(database)) {
            assertThat(followUpInForce(c, "p-legacy")).isEqualTo(legacyEvent + " " + LocalDate.of(2027, 4, 1));
            assertThat(followUpInForce(c, "p-dated")).isEqualTo(datedEvent + " " + LocalDate.of(2027, 3, 20));
        }
    }

    /** As the service does at start: as the owner role, granting the service role its privileges. */
    private static void migrate(DatabaseRoles roles, String target) {
        Flyway.configure().dataSource(roles.jdbcUrl(), roles.owner().user(), roles.owner().password())
                .locations("classpath:db/eventstore", "classpath:db/migration")
                .placeholders(java.util.Map.of("service_role", roles.service().user()))
                .outOfOrder(true).target(target).load().migrate();
    }

    private static void followedUp(Connection c, String placementId, String eventId, String payload, OffsetDateTime recordedAt)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO placement (placement_id, referral_id, service_id, status, version, planned_start_date, start_date,
                                       day91_status, follow_up_recorded_at, claimed_at, updated_at)
                VALUES (?, ?, 's', 'ACTIVE', 2, DATE '2026-12-01', DATE '2026-12-01', 'AT_HOME', ?, ?, ?)""")) {
            p.setString(1, placementId);
            p.setString(2, "referral-of-" + placementId);
            p.setObject(3, recordedAt);
            p.setObject(4, recordedAt);
            p.setObject(5, recordedAt);
            p.executeUpdate();
        }
        try (PreparedStatement e = c.prepareStatement("""
                INSERT INTO event_store (event_id, stream_type, stream_id, version, event_type, payload, recorded_at)
                VALUES (?::uuid, 'placement', ?, 2, 'd2a.placement.follow-up-recorded.v1', ?, ?)""")) {
            e.setString(1, eventId);
            e.setString(2, placementId);
            e.setString(3, payload);
            e.setObject(4, recordedAt);
            e.executeUpdate();
        }
    }

    private static String followUpInForce(Connection c, String placementId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT follow_up_event_id, follow_up_obtained_on FROM placement WHERE placement_id = ?")) {
            q.setString(1, placementId);
            try (ResultSet r = q.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1) + " " + r.getObject(2, LocalDate.class);
            }
        }
    }
}
