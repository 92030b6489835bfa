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
                applied++;
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
