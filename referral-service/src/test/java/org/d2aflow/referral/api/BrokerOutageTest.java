package org.d2aflow.referral.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.kit.outbox.OutboxRelay;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.testkit.TopicReader;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestStack;
import org.junit.jupiter.api.Test;

/** Writes go on while Kafka is down; when it returns, every event is published once, in order. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class BrokerOutageTest {

    @Inject
    OutboxRelay relay;

    @Test
    void writesAreAcceptedWhileTheBrokerIsDownAndPublishedOnceInOrderWhenItReturns() {
        LocalDate today = LocalDate.now();
        TestStack stack = TestStack.get();
        List<String> ids = new ArrayList<>();
        stack.stopBroker();
        try {
            for (int i = 0; i < 3; i++) {
                String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(9).build());
                ReferralApi.setDrd(id, today.minusDays(3)).statusCode(200);
                ReferralApi.decide(id, "P1", "REABLEMENT_HOME", today.minusDays(2)).statusCode(200);
                ids.add(id);
            }
            relay.wake();
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.pending() >= 9);
        } finally {
            stack.startBroker();
        }

        relay.wake();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            relay.wake();
            return relay.pending() == 0;
        });
        // Read for a while after every row is published: a duplicate would show up as a fourth record of its referral.
        // One 8 s window for the three referrals at once (each gets all of it), not three windows one after another.
        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> all = TopicReader.read(Topics.REFERRALS, java.util.Set.copyOf(ids),
                Duration.ofSeconds(8), found -> false);
        for (String id : ids) {
            List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> records = all.stream().filter(r -> id.equals(r.key())).toList();
            assertThat(records).extracting(r -> r.value().type()).containsExactly("d2a.referral.submitted.v1",
                    "d2a.referral.discharge-ready-date-set.v1", "d2a.referral.pathway-decided.v1");
            assertThat(records).extracting(r -> r.value().id()).doesNotHaveDuplicates();
        }
    }
}
