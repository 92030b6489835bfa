package org.d2aflow.testkit.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(D2aStackResource.class)
class PostgresRoundTripTest {

    @Inject
    EntityManager em;

    @Inject
    org.flywaydb.core.Flyway flyway;

    @Test
    void flywayMigratesTheRealDatabaseBeforeTheApplicationStarts() {
        // Flyway logs in as the owner role (the application as the service role, which cannot read the history).
        var applied = flyway.info().applied();
        assertThat(applied).extracting(m -> m.getVersion().getVersion()).containsExactly("1", "2");
        assertThat(applied).extracting(org.flywaydb.core.api.MigrationInfo::getInstalledBy)
                .containsOnly(org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.flyway.username", String.class));
        Object server = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("SHOW server_version").getSingleResult());
        assertThat(server.toString()).matches("\\d+(\\.\\d+)?.*");
    }

    @Test
    void aPanacheEntityIsWrittenAndReadBackFromPostgres() {
        OffsetDateTime when = OffsetDateTime.of(2026, 3, 1, 9, 30, 0, 0, ZoneOffset.UTC);
        Long id = QuarkusTransaction.requiringNew().call(() -> {
            SmokeNote note = new SmokeNote();
            note.body = "ward 7 smoke note";
            note.writtenAt = when;
            note.persist();
            return note.id;
        });

        SmokeNote read = QuarkusTransaction.requiringNew().call(() -> SmokeNote.<SmokeNote>findById(id));
        assertThat(read.body).isEqualTo("ward 7 smoke note");
        assertThat(read.writtenAt.toInstant()).isEqualTo(when.toInstant());
        long count = QuarkusTransaction.requiringNew().call(() -> SmokeNote.count("body", "ward 7 smoke note"));
        assertThat(count).isGreaterThanOrEqualTo(1);
    }
}
