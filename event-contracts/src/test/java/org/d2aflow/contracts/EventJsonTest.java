package org.d2aflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.figures.FigureSnapshotPublished;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    static Stream<String> allTypes() {
        return SampleEvents.allTypes();
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void bodyHoldsTheRecordComponentsInDeclarationOrderAndNothingElse(String type) {
        D2aEvent event = SampleEvents.sampleOf(type);
        List<String> fields = new ArrayList<>();
        EventJson.toTree(event).fieldNames().forEachRemaining(fields::add);

        List<String> components = Arrays.stream(event.getClass().getRecordComponents())
                .map(component -> component.getName())
                .collect(Collectors.toList());
        assertThat(fields).containsExactlyElementsOf(components);
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void sameEventAlwaysGivesTheSameBytes(String type) {
        byte[] first = EventJson.write(SampleEvents.sampleOf(type));
        byte[] second = EventJson.write(SampleEvents.sampleOf(type));
        byte[] reread = EventJson.write(EventJson.read(type, first));

        assertThat(second).isEqualTo(first);
        assertThat(reread).isEqualTo(first);
    }

    @Test
    void genericFigureValueIsWrittenWithSortedKeysWhateverTheInsertionOrder() {
        ObjectNode oneOrder = JsonNodeFactory.instance.objectNode().put("rate", 0.9).put("denominator", 10).put("numerator", 9);
        ObjectNode otherOrder = JsonNodeFactory.instance.objectNode().put("numerator", 9).put("denominator", 10).put("rate", 0.9);

        String written = EventJson.writeString(SampleEvents.aFigureSnapshot().withValue(oneOrder).build());

        assertThat(EventJson.write(SampleEvents.aFigureSnapshot().withValue(otherOrder).build()))
                .isEqualTo(EventJson.write(SampleEvents.aFigureSnapshot().withValue(oneOrder).build()));
        assertThat(written).contains("\"value\":{\"denominator\":10,\"numerator\":9,\"rate\":0.9}");
    }

    @Test
    void decimalsAreWrittenInPlainNotation() {
        ObjectNode value = JsonNodeFactory.instance.objectNode().put("rate", new BigDecimal("1E-7"));

        assertThat(EventJson.writeString(SampleEvents.aFigureSnapshot().withValue(value).build())).contains("\"rate\":0.0000001");
    }

    @Test
    void datesAndInstantsAreIsoStrings() {
        String json = EventJson.writeString(SampleEvents.aFigureSnapshot().build());

        assertThat(json).contains("\"periodFrom\":\"2025-10-01\"", "\"asKnownAt\":\"2026-04-02T06:00:00Z\"");
    }

    @Test
    void absentOptionalFieldsAreOmittedAndReadBackAsNull() {
        FigureSnapshotPublished withoutPeriod = SampleEvents.aFigureSnapshot().withoutPeriod().build();

        String json = EventJson.writeString(withoutPeriod);

        assertThat(json).doesNotContain("periodFrom", "periodTo", "null");
        assertThat(EventJson.read(FigureSnapshotPublished.TYPE, json)).isEqualTo(withoutPeriod);
    }

    @Test
    void unknownPropertiesFromANewerProducerAreIgnored() {
        ObjectNode body = EventJson.toTree(SampleEvents.aReferral().build());
        body.put("addedLater", "anything");

        assertThat(EventJson.read(ReferralSubmitted.TYPE, body.toString())).isEqualTo(SampleEvents.aReferral().build());
    }

    @Test
    void missingPrimitiveIsRejectedRatherThanReadAsZero() {
        assertThatThrownBy(() -> EventJson.read(CapacitySet.TYPE, "{\"serviceId\":\"s-1\",\"fromDate\":\"2025-10-01\"}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("units");
    }

    @Test
    void numbersAreNotCoercedFromText() {
        assertThatThrownBy(() -> EventJson.read(CapacitySet.TYPE, "{\"serviceId\":\"s-1\",\"units\":\"4\",\"fromDate\":\"2025-10-01\"}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("units");
    }

    @Test
    void invalidJsonAndNonObjectBodiesAreMalformed() {
        assertThatThrownBy(() -> EventJson.read(CapacitySet.TYPE, "{\"serviceId\":"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EventJson.read(CapacitySet.TYPE, "[1, 2]"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> EventJson.read(CapacitySet.TYPE, ""))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void unknownTypeIsReportedAsSuchWhateverTheBody() {
        assertThatThrownBy(() -> EventJson.read("d2a.referral.reopened.v1", "not even json"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("d2a.referral.reopened.v1");
    }
}
