package org.d2aflow.kit.messaging;

import org.d2aflow.kit.deadletter.DeadLetters;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import jakarta.persistence.PersistenceException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What the consumers do when applying a readable record fails: retry what will pass, dead-letter what will not. */
class GuardedIntakeTest {

    private static final ConsumerRecord<String, byte[]> RECORD = new ConsumerRecord<>("d2a.capacity", 0, 7L, "service-1", new byte[] {1});

    private final Deque<RuntimeException> applyFailures = new ArrayDeque<>();
    private final Deque<RuntimeException> deadLetterFailures = new ArrayDeque<>();
    private final List<Exception> deadLettered = new ArrayList<>();
    private int applied;
    private final List<Long> appliedOffsets = new ArrayList<>();
    private final List<Integer> batches = new ArrayList<>();
    private GuardedIntake guarded;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void wire() {
        guarded = new GuardedIntake();
        registry = new SimpleMeterRegistry();
        guarded.registry = registry;
        guarded.intake = new EventLogIntake() {
            @Override
            public void consume(ConsumerRecord<String, byte[]> record, String consumer, Consumer<EventEnvelope<D2aEvent>> apply) {
                if (!applyFailures.isEmpty()) {
                    throw applyFailures.pop();
                }
                if (record.value().length == 0) {
                    throw new IllegalArgumentException("cannot apply offset " + record.offset());
                }
                applied++;
                appliedOffsets.add(record.offset());
            }

            /** Applies all or nothing, like the real one's transaction; a record with no bytes cannot be read. */
            @Override
            public List<ConsumerRecord<String, byte[]>> consumeTogether(List<ConsumerRecord<String, byte[]>> records, String consumer,
                    Consumer<EventEnvelope<D2aEvent>> apply) {
                batches.add(records.size());
                if (records.stream().anyMatch(r -> r.value().length == 0)) {
                    throw new IllegalArgumentException("one record of the batch cannot be applied");
                }
                List<ConsumerRecord<String, byte[]>> unreadable = records.stream().filter(r -> r.value() == UNREADABLE).toList();
                records.stream().filter(r -> r.value() != UNREADABLE).forEach(r -> {
                    applied++;
                    appliedOffsets.add(r.offset());
                });
                return unreadable;
            }
        };
        guarded.deadLetters = new DeadLetters() {
            @Override
            public void send(ConsumerRecord<?, byte[]> record, byte[] key, String consumer, Exception error) {
                if (!deadLetterFailures.isEmpty()) {
                    throw deadLetterFailures.pop();
                }
                deadLettered.add(error);
            }
        };
    }

    private static final byte[] UNREADABLE = {0};

    private static ConsumerRecord<String, byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>("d2a.referrals", 0, offset, "referral-" + offset, value);
    }

    @Test
    void aBatchGoesInTogetherAndItsUnreadableRecordsAreDeadLetteredAfterwards() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(record(1, new byte[] {1}), record(2, UNREADABLE), record(3, new byte[] {1}));
        // The unreadable one, handed back, goes through the one-record path, which refuses it too.
        applyFailures.add(new IllegalArgumentException("not a CloudEvent"));

        guarded.consumeAll(poll, "capacity.referrals", e -> { });

        assertThat(batches).containsExactly(3);
        assertThat(appliedOffsets).containsExactly(1L, 3L);
        assertThat(deadLettered).hasSize(1);
        assertThat(registry.summary("d2a.consumer.batch.size", "consumer", "capacity.referrals").totalAmount()).isEqualTo(3);
    }

    @Test
    void aBatchThatFailsIsAppliedOneByOneSoOnlyTheBadRecordIsDeadLetteredAndTheOrderHolds() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(record(1, new byte[] {1}), record(2, new byte[] {1}), record(3, new byte[0]),
                record(4, new byte[] {1}));

        guarded.consumeAll(poll, "capacity.referrals", e -> { });

        assertThat(batches).containsExactly(4);
        assertThat(appliedOffsets).containsExactly(1L, 2L, 4L);
        assertThat(deadLettered).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("offset 3"));
        assertThat(registry.counter("d2a.consumer.batch.fallbacks", "consumer", "capacity.referrals").count()).isEqualTo(1);
    }

    @Test
    void aSingleRecordTakesTheOneRecordPath() {
        guarded.consumeAll(List.of(record(9, new byte[] {1})), "capacity.referrals", e -> { });

        assertThat(batches).isEmpty();
        assertThat(appliedOffsets).containsExactly(9L);
    }

    private static RuntimeException databaseAway() {
        return new PersistenceException("connection lost", new SQLException("I/O error", "08006"));
    }

    @Test
    void retriesWhileTheDatabaseIsAwayAndAppliesOnceItIsBack() {
        applyFailures.add(databaseAway());
        applyFailures.add(databaseAway());

        guarded.consume(RECORD, "placement.capacity", e -> { });

        assertThat(applied).isEqualTo(1);
        assertThat(deadLettered).isEmpty();
        assertThat(registry.counter("d2a.consumer.retries", "consumer", "placement.capacity").count()).isEqualTo(2);
    }

    @Test
    void deadLettersARecordItCannotApplyAndGoesOn() {
        IllegalArgumentException bug = new IllegalArgumentException("no such service type");
        applyFailures.add(bug);

        guarded.consume(RECORD, "placement.capacity", e -> { });

        assertThat(deadLettered).containsExactly(bug);
        assertThat(applied).isZero();
        assertThat(registry.counter("d2a.consumer.dead.letters", "consumer", "placement.capacity").count()).isEqualTo(1);
    }

    @Test
    void keepsTheRecordWhenTheDeadLetterTopicIsOutOfReach() {
        IllegalArgumentException bug = new IllegalArgumentException("unreadable");
        applyFailures.add(bug);
        applyFailures.add(bug);
        deadLetterFailures.add(new IllegalStateException("Could not dead-letter",
                new org.apache.kafka.common.errors.TimeoutException("no broker")));

        guarded.consume(RECORD, "placement.capacity", e -> { });

        assertThat(deadLettered).containsExactly(bug);
        assertThat(registry.counter("d2a.consumer.retries", "consumer", "placement.capacity").count()).isEqualTo(1);
    }
}
