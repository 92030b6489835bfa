package org.d2aflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.figures.FigureEvent;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventTypesTest {

    private static final Map<String, Class<?>> FAMILY_BY_PREFIX = Map.of(
            "d2a.referral.", ReferralEvent.class,
            "d2a.capacity.", CapacityEvent.class,
            "d2a.placement.", PlacementEvent.class,
            "d2a.figure.", FigureEvent.class,
            "d2a.escalation.", org.d2aflow.contracts.escalation.EscalationEvent.class,
            "d2a.return.", org.d2aflow.contracts.returns.ReturnEvent.class);

    static Stream<String> allTypes() {
        return SampleEvents.allTypes();
    }

    @Test
    void everyRecordOfTheSealedHierarchyIsRegistered() {
        List<Class<?>> records = new ArrayList<>();
        collectRecords(D2aEvent.class, records);

        List<Class<?>> registered = new ArrayList<>();
        EventTypes.standard().types().forEach(type -> registered.add(EventTypes.standard().classFor(type)));

        assertThat(registered).containsExactlyInAnyOrderElementsOf(records);
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void typeStringIsVersionedAndMatchesTheRecordAndItsFamily(String type) {
        D2aEvent sample = SampleEvents.sampleOf(type);

        assertThat(type).matches("d2a\\.(referral|capacity|placement|figure|escalation|return)\\.[a-z0-9]+(-[a-z0-9]+)*\\.v[1-9][0-9]*");
        assertThat(sample.type()).isEqualTo(type);
        assertThat(sample).isInstanceOf(EventTypes.standard().classFor(type));
        assertThat(EventTypes.standard().typeOf(sample.getClass())).isEqualTo(type);
        FAMILY_BY_PREFIX.forEach((prefix, family) -> assertThat(family.isInstance(sample)).isEqualTo(type.startsWith(prefix)));
    }

    @Test
    void unknownTypeHasItsOwnException() {
        assertThatThrownBy(() -> EventTypes.standard().classFor("d2a.referral.reopened.v1"))
                .isInstanceOfSatisfying(UnknownEventTypeException.class,
                        e -> assertThat(e.eventType()).isEqualTo("d2a.referral.reopened.v1"));
        assertThatThrownBy(() -> EventTypes.standard().classFor(ReferralSubmitted.class.getName()))
                .isInstanceOf(UnknownEventTypeException.class);
    }

    @Test
    void upcasterCannotReplaceACurrentType() {
        Upcaster fromCurrent = WithdrawnV0ToV1.renaming(ReferralWithdrawn.TYPE, "d2a.referral.withdrawn.v2");

        assertThatThrownBy(() -> EventTypes.standard().withUpcaster(fromCurrent))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current type");
    }

    @Test
    void upcasterIsRegisteredOnANewRegistryLeavingTheStandardOneAlone() {
        EventTypes withV0 = EventTypes.standard().withUpcaster(new WithdrawnV0ToV1());

        assertThat(withV0.classFor(WithdrawnV0ToV1.V0)).isEqualTo(ReferralWithdrawn.class);
        assertThat(withV0.isCurrent(WithdrawnV0ToV1.V0)).isFalse();
        assertThatThrownBy(() -> EventTypes.standard().classFor(WithdrawnV0ToV1.V0)).isInstanceOf(UnknownEventTypeException.class);
    }

    @Test
    void upcastingLeavesTheGivenBodyUntouched() {
        ObjectNode old = WithdrawnV0ToV1.oldBody();
        String before = old.toString();

        EventTypes.TypedBody upcast = EventTypes.standard().withUpcaster(new WithdrawnV0ToV1()).upcast(WithdrawnV0ToV1.V0, old);

        assertThat(upcast.type()).isEqualTo(ReferralWithdrawn.TYPE);
        assertThat(upcast.body().has("reason")).isTrue();
        assertThat(old.toString()).isEqualTo(before);
    }

    @Test
    void upcastersChainFromTheOldestTypeToTheCurrentOne() {
        Upcaster minusOneToZero = new Upcaster() {
            @Override
            public String fromType() {
                return "d2a.referral.withdrawn.v-1";
            }

            @Override
            public String toType() {
                return WithdrawnV0ToV1.V0;
            }

            @Override
            public ObjectNode upcast(ObjectNode oldBody) {
                oldBody.set("withdrawalReason", oldBody.remove("why"));
                return oldBody;
            }
        };
        EventTypes types = EventTypes.standard().withUpcaster(new WithdrawnV0ToV1()).withUpcaster(minusOneToZero);
        ObjectNode oldest = WithdrawnV0ToV1.oldBody();
        oldest.set("why", oldest.remove("withdrawalReason"));

        D2aEvent event = EventJson.read(types, "d2a.referral.withdrawn.v-1", oldest.toString().getBytes());

        assertThat(event).isEqualTo(new ReferralWithdrawn(SampleEvents.REFERRAL_ID, "Patient chose to stay with family"));
    }

    @Test
    void cyclingUpcastersAreDetected() {
        EventTypes types = EventTypes.standard()
                .withUpcaster(WithdrawnV0ToV1.renaming("d2a.x.a.v1", "d2a.x.b.v1"))
                .withUpcaster(WithdrawnV0ToV1.renaming("d2a.x.b.v1", "d2a.x.a.v1"));

        assertThatThrownBy(() -> types.classFor("d2a.x.a.v1")).isInstanceOf(IllegalStateException.class).hasMessageContaining("cycle");
    }

    private static void collectRecords(Class<?> type, List<Class<?>> into) {
        if (type.isRecord()) {
            into.add(type);
            return;
        }
        for (Class<?> permitted : type.getPermittedSubclasses()) {
            collectRecords(permitted, into);
        }
    }
}
