package org.d2aflow.kit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransientFailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0}")
    @ValueSource(strings = {"08006", "08001", "40001", "40P01", "53300", "57P01", "55P03", "57014"})
    void aDatabaseThatIsAwayOrBusyIsTransient(String state) {
        assertThat(TransientFailures.isTransient(new PersistenceException("wrapped", new SQLException("db", state)))).isTrue();
    }

    @ParameterizedTest(name = "SQLSTATE {0}")
    @ValueSource(strings = {"23505", "23514", "22001", "42P01"})
    void aRecordTheDatabaseRefusesIsNotTransient(String state) {
        assertThat(TransientFailures.isTransient(new PersistenceException("wrapped", new SQLException("db", state)))).isFalse();
    }

    @Test
    void aPoolWithoutAFreeConnectionIsTransient() {
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("Acquisition timeout")))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLTransientConnectionException("gone")))).isTrue();
    }

    @Test
    void aBrokerTimeoutIsTransient() {
        assertThat(TransientFailures.isTransient(new IllegalStateException("Could not dead-letter",
                new org.apache.kafka.common.errors.TimeoutException("no ack")))).isTrue();
    }

    @Test
    void aBugOrABadValueIsNotTransient() {
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("serviceId must not be blank"))).isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
    }
}
