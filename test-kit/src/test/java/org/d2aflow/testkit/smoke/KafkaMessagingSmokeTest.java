package org.d2aflow.testkit.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "topics", value = "d2a.smoke"))
class KafkaMessagingSmokeTest {

    @Inject
    SmokeMessaging messaging;

    @Test
    void anEnvelopeCrossesTheRealBrokerThroughReactiveMessagingWithItsCloudEventsHeadersIntact() throws Exception {
        EventEnvelope<ReferralSubmitted> sent = SmokeEvents.aSubmittedReferral();

        messaging.send(sent).toCompletableFuture().get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).until(() -> messaging.received(sent.id()).isPresent());
        SmokeMessaging.Received got = messaging.received(sent.id()).orElseThrow();
        assertThat(got.envelope()).isEqualTo(sent);
        assertThat(got.key()).isEqualTo(sent.subject());
        assertThat(got.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", sent.id())
                .containsEntry("ce_type", "d2a.referral.submitted.v1")
                .containsEntry("ce_source", "/d2a/test-kit")
                .containsEntry("ce_subject", sent.event().referralId())
                .containsEntry("ce_time", "2026-03-01T10:15:30.250Z")
                .containsEntry("ce_streamversion", "1")
                .containsEntry("content-type", "application/json");
    }
}
