package org.d2aflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    private static final String ID = "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e";

    @Test
    void factoryTakesTypeAndSubjectFromTheEvent() {
        ReferralSubmitted event = SampleEvents.aReferral().build();

        EventEnvelope<ReferralSubmitted> envelope = EventEnvelope.of(ID, "/d2a/referral-service", SampleEvents.RECORDED_AT, 1, event);

        assertThat(envelope.type()).isEqualTo("d2a.referral.submitted.v1");
        assertThat(envelope.subject()).isEqualTo(SampleEvents.REFERRAL_ID);
        assertThat(envelope.time()).isEqualTo(SampleEvents.RECORDED_AT);
        assertThat(envelope.streamVersion()).isEqualTo(1);
    }

    @Test
    void rejectsATypeOrSubjectThatContradictsTheEvent() {
        ReferralSubmitted event = SampleEvents.aReferral().build();

        assertThatThrownBy(() -> new EventEnvelope<>(ID, "/s", "d2a.referral.withdrawn.v1", SampleEvents.RECORDED_AT,
                event.streamId(), 1, event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
        assertThatThrownBy(() -> new EventEnvelope<>(ID, "/s", event.type(), SampleEvents.RECORDED_AT, "another-referral", 1, event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subject");
    }

    @Test
    void rejectsMissingAttributesAndNegativeVersions() {
        ReferralSubmitted event = SampleEvents.aReferral().build();

        assertThatThrownBy(() -> EventEnvelope.of(ID, "/s", null, 1, event)).hasMessage("time is required");
        assertThatThrownBy(() -> EventEnvelope.of("", "/s", SampleEvents.RECORDED_AT, 1, event)).hasMessage("id must not be blank");
        assertThatThrownBy(() -> EventEnvelope.of(ID, "/s", SampleEvents.RECORDED_AT, -1, event))
                .hasMessageContaining("streamVersion");
    }

    @Test
    void narrowsToTheEventsFamilyOnly() {
        EventEnvelope<D2aEvent> envelope = EventEnvelope.of(ID, "/s", SampleEvents.RECORDED_AT, 1, SampleEvents.aReferral().build());

        EventEnvelope<ReferralEvent> referral = envelope.narrow(ReferralEvent.class);

        assertThat(referral.event().referralId()).isEqualTo(SampleEvents.REFERRAL_ID);
        assertThatThrownBy(() -> envelope.narrow(CapacityEvent.class)).isInstanceOf(ClassCastException.class);
    }
}
