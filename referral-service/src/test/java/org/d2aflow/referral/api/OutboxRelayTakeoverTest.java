package org.d2aflow.referral.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Properties;

import javax.sql.DataSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d2aflow.contracts.Topics;
import org.d2aflow.kit.outbox.OutboxRelay;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * The relay's takeover paths against the real broker and database: rows a previous holding committed to Kafka but
 * did not stamp are found on the log, not sent again; a relay fenced by another producer of its outbox takes over
 * again and sends each event once; a lease held by another live instance keeps this one from publishing until it lapses.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class OutboxRelayTakeoverTest {

    @Inject
    OutboxRelay relay;

    @Inject
    DataSource dataSource;

    private final LocalDate today = LocalDate.now();

    @Test
    void rowsAlreadyOnTheLogButNotStampedAreStampedNotSentAgainAfterATakeover() throws Exception {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        ReferralApi.setDrd(id, today.minusDays(1)).statusCode(200);
        awaitPublished(id, 2);

        // As if the holder died between Kafka's commit and its stamp.
        // On the relay's thread with the producer dropped: a round of the old producer must not see the cleared stamps.
        int[] cleared = new int[1];
        relay.restart(() -> {
            try {
                cleared[0] = update("UPDATE outbox SET published_at = NULL WHERE message_key = ?", id);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(cleared[0]).isEqualTo(2);
        relay.wake();
        awaitPublished(id, 2);

        var records = TopicReader.read(Topics.REFERRALS, id, Duration.ofSeconds(6), found -> false);
        assertThat(records).extracting(r -> r.value().type()).containsExactly("d2a.referral.submitted.v1",
                "d2a.referral.discharge-ready-date-set.v1");
    }

    @Test
    void aRelayFencedByAnotherProducerOfItsOutboxTakesOverAgainAndSendsEachEventOnce() throws Exception {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        awaitPublished(id, 1);
        String relayId = text("SELECT relay_id FROM outbox_lease WHERE name = 'outbox'");

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "d2a-outbox-referral-service-" + relayId);
        try (var intruder = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            intruder.initTransactions();
        }
        ReferralApi.setDrd(id, today.minusDays(2)).statusCode(200);
        ReferralApi.decide(id, "P1", "REABLEMENT_HOME", today.minusDays(1)).statusCode(200);
        awaitPublished(id, 3);

        var records = TopicReader.read(Topics.REFERRALS, id, Duration.ofSeconds(6), found -> false);
        assertThat(records).extracting(r -> r.value().type()).containsExactly("d2a.referral.submitted.v1",
                "d2a.referral.discharge-ready-date-set.v1", "d2a.referral.pathway-decided.v1");
        assertThat(records).extracting(r -> r.value().streamVersion()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aLeaseHeldByAnotherLiveInstanceKeepsThisRelayQuietUntilItLapses() throws Exception {
        // Not something a live lease allows (it is only taken once lapsed): a stand-in for another instance holding it.
        update("UPDATE outbox_lease SET holder = 'another-instance', epoch = epoch + 1, expires_at = clock_timestamp() + interval '7 seconds' "
                + "WHERE name = 'outbox'");
        long taken = System.nanoTime();
        // This relay trusts its own renewal for a second; after that it sees the other holder and stops.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            relay.wake();
            return !relay.holdsLease();
        });
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
        Thread.sleep(2000);
        assertThat(unpublished(id)).as("published while another instance held the lease").isEqualTo(1);

        awaitPublished(id, 1);
        double seconds = (System.nanoTime() - taken) / 1e9;
        System.out.printf("Relay took over a lapsed lease %.1f s after the other holder's last renewal%n", seconds);
        assertThat(seconds).isGreaterThanOrEqualTo(6.5);
        assertThat(relay.holdsLease()).isTrue();
        assertThat(TopicReader.read(Topics.REFERRALS, id, Duration.ofSeconds(4), found -> false)).hasSize(1);
    }

    private void awaitPublished(String referralId, int rows) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(count("SELECT count(*) FROM outbox WHERE message_key = ? AND published_at IS NOT NULL", referralId)).isEqualTo(rows);
        });
    }

    private long unpublished(String referralId) throws SQLException {
        return count("SELECT count(*) FROM outbox WHERE message_key = ? AND published_at IS NULL", referralId);
    }

    private long count(String sql, String arg) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private int update(String sql, String... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            return st.executeUpdate();
        }
    }
}
