package org.d2aflow.referral.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.kit.command.CommandPipeline;
import org.d2aflow.kit.domain.ConcurrencyConflictException;
import org.d2aflow.kit.eventstore.EventStore;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.referral.domain.Referral;
import org.d2aflow.referral.domain.ReferralCommand.DecidePathway;
import org.d2aflow.referral.infrastructure.PatientIdentity;
import org.d2aflow.referral.infrastructure.ReferralProjection;
import org.d2aflow.referral.ReferralTestData;
import org.d2aflow.referral.domain.NhsNumber;
import org.d2aflow.referral.domain.ReferralCommand.SubmitReferral;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.kit.persistence.TransactionJdbc;
import org.d2aflow.referral.infrastructure.ReferralRecord;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The command pipeline's branches that only a real database can show: a read model failing after the append rolls
 * back the events, their outbox rows and the read model together; two commands decided on the same version race to
 * append and exactly one wins. (Every branch over an in-memory store: service-kit {@code CommandPipelineTest}; stale
 * If-Match, idempotent replay, key reuse and identical requests at once through HTTP: {@code IdempotentWritesTest},
 * {@code ConcurrentDecisionTest}.)
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class CommandPipelineOnPostgresTest {

    @Inject
    EventStore store;

    @Inject
    ReferralProjection projection;

    @Inject
    Tables tables;

    @Inject
    TransactionJdbc jdbc;

    private final LocalDate today = LocalDate.now();

    private CommandPipeline<Referral, ReferralEvent> pipeline() {
        return CommandPipeline.of(store, ReferralService.REFERRALS).build();
    }

    private DecidePathway p1() {
        return new DecidePathway(Pathway.P1, ServiceType.REABLEMENT_HOME, today, new EntryWindow(today, EntryWindow.DEFAULT_LATE_DAYS));
    }

    @Test
    void aReadModelFailureAfterTheAppendRollsBackEventsOutboxAndReadModel() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        Map<String, Long> before = tables.counts();

        assertThatThrownBy(() -> pipeline().change(id, 1L, r -> r.decide(p1()), null, (ReferralRecord row, EventEnvelope<ReferralEvent> e) -> {
            ReferralRecord updated = projection.apply(ReferralRecord.findById(id), e, null);
            throw new IllegalStateException("read model broken after " + updated.version);
        })).hasMessage("read model broken after 2");

        assertThat(tables.counts()).isEqualTo(before);
        ReferralRecord row = QuarkusTransaction.requiringNew().call(() -> ReferralRecord.findById(id));
        assertThat(row.version).isEqualTo(1);
        assertThat(row.pathway).isNull();
    }

    @Test
    void aSubmissionWhoseIdentityRowFailsWritesNothing() {
        Map<String, Long> before = tables.counts();
        String id = java.util.UUID.randomUUID().toString();
        PatientIdentity identity = new PatientIdentity(); // no NHS number: the JDBC insert of the identity fails (NOT NULL)
        identity.referralId = id;
        identity.dateOfBirth = LocalDate.of(1940, 3, 2);
        SubmitReferral submit = new SubmitReferral(id, NhsNumber.parse(ReferralTestData.syntheticNhsNumber()), "k".repeat(64),
                LocalDate.of(1940, 3, 2), Sex.FEMALE, "East", "County Hospital", "Ward 3", today.minusDays(2), UsualResidence.PRIVATE_HOME,
                today, "RXX", null);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().call(() -> pipeline().create(id, r -> r.decide(submit),
                (ReferralRecord row, EventEnvelope<ReferralEvent> e) -> projection.insertNew(e, "Ward 3", identity))))
                .isInstanceOf(jakarta.persistence.PersistenceException.class);

        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aSubmissionOpensNoHibernateSessionAndAChangeFlushesItsOwn() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        // A transaction that has used no entity has no session to flush; one that loaded a row has (the key in
        // TransactionJdbc is Quarkus's, not an API: this fails if it moves, rather than every write flushing silently).
        assertThat(QuarkusTransaction.requiringNew().call(() -> jdbc.sessionOpened())).isFalse();
        assertThat(QuarkusTransaction.requiringNew().call(() -> {
            ReferralRecord.findById(id);
            return jdbc.sessionOpened();
        })).isTrue();
        // The pipeline's flush sends a change made through Hibernate before the transaction's later JDBC statements.
        QuarkusTransaction.requiringNew().run(() -> {
            pipeline().change(id, 1L, r -> r.decide(p1()), ReferralRecord.<ReferralRecord>findById(id),
                    (ReferralRecord row, EventEnvelope<ReferralEvent> e) -> projection.apply(row, e, null));
            long seen = jdbc.run(c -> {
                try (var ps = c.prepareStatement("SELECT version FROM referral WHERE id = ?")) {
                    ps.setString(1, id);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            assertThat(seen).isEqualTo(2);
        });
    }

    @Test
    void appendedRowsAreSeenByTheTransactionsOwnReadsOfTheStore() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        QuarkusTransaction.requiringNew().run(() -> {
            store.append("referral", id, 1L, List.<ReferralEvent>of(new ReferralWithdrawn(id, "moved away")));
            assertThat(store.load(id)).hasSize(2); // a read of the store sends the transaction's deferred appends first
            assertThat(store.currentVersion(id)).isEqualTo(2);
        });
        assertThat(tables.events(id, ReferralWithdrawn.TYPE)).isEqualTo(1);
    }

    @Test
    void appendedRowsThatNobodyFlushedAreWrittenBeforeTheCommit() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        QuarkusTransaction.requiringNew().run(() -> store.append("referral", id, 1L,
                List.<ReferralEvent>of(new ReferralWithdrawn(id, "moved away"))));
        assertThat(tables.events(id, ReferralWithdrawn.TYPE)).isEqualTo(1);
        assertThat(tables.outboxPayloads(id)).hasSize(2);
    }

    @Test
    void aVersionTakenMeanwhileIsAConflictAtTheFlushAndWritesNothing() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        Map<String, Long> before = tables.counts();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            store.append("referral", id, 0L, List.<ReferralEvent>of(new ReferralWithdrawn(id, "version 1 is taken")));
            store.flush();
        })).isInstanceOf(ConcurrencyConflictException.class);
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void ofTwoCommandsDecidedOnTheSameVersionExactlyOneAppends() throws Exception {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        CommandPipeline<Referral, ReferralEvent> pipeline = pipeline();
        CyclicBarrier bothDecided = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Long>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> pipeline.change(id, null, r -> {
                    List<ReferralEvent> events = r.decide(p1());
                    await(bothDecided);
                    return events;
                }, null, (ReferralRecord row, EventEnvelope<ReferralEvent> e) -> projection.apply(ReferralRecord.findById(id), e, null)).version()));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Long> f : results) {
                try {
                    outcomes.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause().getClass());
                }
            }
            assertThat(outcomes).containsExactlyInAnyOrder(2L, ConcurrencyConflictException.class);
        } finally {
            pool.shutdownNow();
        }
        assertThat(tables.events(id, "d2a.referral.pathway-decided.v1")).isEqualTo(1);
        assertThat(tables.outboxPayloads(id)).hasSize(2);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
