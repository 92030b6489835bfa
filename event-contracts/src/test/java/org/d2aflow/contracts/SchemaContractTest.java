package org.d2aflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.d2aflow.contracts.TestResources.EXAMPLES;
import static org.d2aflow.contracts.TestResources.SCHEMAS;
import static org.d2aflow.contracts.TestResources.violations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.ReferralSubmitted;

/**
 * The contract test: schemas, records and golden examples must agree, and every example of a type ever
 * published must still validate and still read as the current record.
 */
class SchemaContractTest {

    /** Tree equality where 48213 as an int and as a long are the same number. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.equals(b)
            || a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

    static Stream<String> allTypes() {
        return SampleEvents.allTypes();
    }

    static Stream<String> goldenExamples() {
        return TestResources.typesIn(EXAMPLES).stream();
    }

    static Stream<String> schemaFiles() {
        return TestResources.typesIn(SCHEMAS).stream();
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void everyRegisteredTypeHasASchemaAndAGoldenExample(String type) {
        assertThat(TestResources.exists(SCHEMAS, type)).as("schemas/%s.json", type).isTrue();
        assertThat(TestResources.exists(EXAMPLES, type)).as("examples/%s.json", type).isTrue();
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void everySchemaIsAValid2020_12SchemaTitledWithAReadableType(String type) {
        var metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        JsonNode schema = TestResources.json(SCHEMAS, type);

        assertThat(metaSchema.validate(schema)).isEmpty();
        assertThat(schema.path("title").asText()).isEqualTo(type);
        assertThat(schema.path("additionalProperties").asBoolean()).isTrue();
        assertThat(EventTypes.standard().classFor(type)).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("goldenExamples")
    void goldenExampleStillValidatesAgainstItsSchema(String type) {
        assertThat(TestResources.exists(SCHEMAS, type)).as("schema kept for %s", type).isTrue();

        assertThat(violations(type, TestResources.json(EXAMPLES, type))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("goldenExamples")
    void goldenExampleStillReadsAsTheCurrentRecord(String type) {
        D2aEvent event = EventJson.read(type, TestResources.bytes(EXAMPLES, type));

        assertThat(event).isInstanceOf(EventTypes.standard().classFor(type));
        if (EventTypes.standard().isCurrent(type)) {
            // Nothing in an example of a current type may be lost or changed by the record.
            JsonNode example = TestResources.json(EXAMPLES, type);
            JsonNode rewritten = EventJson.toTree(event);
            assertThat(rewritten.equals(NUMBERS_BY_VALUE, example)).as("%s rewritten as %s", example, rewritten).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void serializedBodyValidatesAgainstItsSchema(String type) {
        D2aEvent event = SampleEvents.sampleOf(type);

        assertThat(violations(type, EventJson.toTree(event))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void schemaDescribesExactlyTheRecordComponentsInOrder(String type) {
        List<String> schemaProperties = new ArrayList<>();
        TestResources.json(SCHEMAS, type).path("properties").fieldNames().forEachRemaining(schemaProperties::add);

        assertThat(schemaProperties).containsExactlyElementsOf(componentNames(type));
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void schemaEnumsListExactlyTheJavaConstants(String type) {
        JsonNode properties = TestResources.json(SCHEMAS, type).path("properties");
        for (var component : EventTypes.standard().classFor(type).getRecordComponents()) {
            if (component.getType().isEnum()) {
                List<String> schemaValues = new ArrayList<>();
                properties.path(component.getName()).path("enum").forEach(value -> schemaValues.add(value.asText()));
                List<String> javaValues = Arrays.stream(component.getType().getEnumConstants())
                        .map(constant -> ((Enum<?>) constant).name())
                        .collect(Collectors.toList());

                assertThat(schemaValues).as("%s.%s", type, component.getName()).containsExactlyElementsOf(javaValues);
            }
        }
    }

    static Stream<Arguments> everyFieldOfEveryType() {
        return SampleEvents.allTypes().flatMap(type -> componentNames(type).stream().map(field -> Arguments.of(type, field)));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("everyFieldOfEveryType")
    void schemaAndRecordAgreeOnWhetherAFieldIsRequired(String type, String field) {
        ObjectNode body = EventJson.toTree(SampleEvents.sampleOf(type));
        body.remove(field);

        boolean schemaAccepts = violations(type, body).isEmpty();
        boolean recordAccepts = reads(type, body);

        assertThat(schemaAccepts).as("schema accepts %s without %s", type, field).isEqualTo(recordAccepts);
    }

    static Stream<Arguments> everyEnumFieldOfEveryType() {
        return SampleEvents.allTypes().flatMap(type -> Arrays.stream(EventTypes.standard().classFor(type).getRecordComponents())
                .filter(component -> component.getType().isEnum())
                .map(component -> Arguments.of(type, component.getName())));
    }

    @ParameterizedTest(name = "{0} with a bad {1}")
    @MethodSource("everyEnumFieldOfEveryType")
    void schemaAndRecordBothRejectAnUnknownEnumValue(String type, String field) {
        ObjectNode body = EventJson.toTree(SampleEvents.sampleOf(type));
        body.put(field, "NOT_A_VALUE");

        assertThat(violations(type, body)).isNotEmpty();
        assertThat(reads(type, body)).isFalse();
    }

    @Test
    void brokenReferralBodiesAreRejectedBySchemaAndRecord() {
        ObjectNode withoutSex = EventJson.toTree(SampleEvents.aReferral().build());
        withoutSex.remove("sex");
        ObjectNode withNhsNumber = EventJson.toTree(SampleEvents.aReferral().build());
        withNhsNumber.put("patientKey", "943 476 5919");
        ObjectNode withTextAge = EventJson.toTree(SampleEvents.aReferral().build());
        withTextAge.put("ageAtAdmission", "84");
        ObjectNode withBadDate = EventJson.toTree(SampleEvents.aReferral().build());
        withBadDate.put("admissionDate", "2025-13-40");

        for (ObjectNode broken : List.of(withoutSex, withNhsNumber, withTextAge, withBadDate)) {
            assertThat(violations(ReferralSubmitted.TYPE, broken)).as("%s", broken).isNotEmpty();
            assertThat(reads(ReferralSubmitted.TYPE, broken)).as("%s", broken).isFalse();
        }
    }

    @Test
    void dischargeCodesMustHaveTheirDataDictionaryShape() {
        ObjectNode oneDigitDestination = EventJson.toTree(SampleEvents.sampleOf(PatientDischarged.TYPE));
        oneDigitDestination.put("destinationCode", "9");
        ObjectNode twoDigitMethod = EventJson.toTree(SampleEvents.sampleOf(PatientDischarged.TYPE));
        twoDigitMethod.put("methodCode", "19");

        for (ObjectNode broken : List.of(oneDigitDestination, twoDigitMethod)) {
            assertThat(violations(PatientDischarged.TYPE, broken)).as("%s", broken).isNotEmpty();
            assertThat(reads(PatientDischarged.TYPE, broken)).as("%s", broken).isFalse();
        }
    }

    @Test
    void serviceTypeFromAnotherPathwayIsRejectedBySchemaAndRecord() {
        ObjectNode body = EventJson.toTree(SampleEvents.sampleOf(PathwayDecided.TYPE));
        body.put("pathway", "P1");
        body.put("serviceType", "BEDDED_REHAB");

        assertThat(violations(PathwayDecided.TYPE, body)).isNotEmpty();
        assertThat(reads(PathwayDecided.TYPE, body)).isFalse();
    }

    @Test
    void anAddedOptionalFieldIsAcceptedBySchemaAndRecord() {
        ObjectNode body = EventJson.toTree(SampleEvents.aReferral().build());
        body.put("frailtyScore", 6);

        assertThat(violations(ReferralSubmitted.TYPE, body)).isEmpty();
        assertThat(EventJson.read(ReferralSubmitted.TYPE, body.toString())).isEqualTo(SampleEvents.aReferral().build());
    }

    @Test
    void aBrokenBodyIsReportedAsMalformed() {
        ObjectNode body = EventJson.toTree(SampleEvents.aReferral().build());
        body.remove("site");

        assertThatThrownBy(() -> EventJson.read(ReferralSubmitted.TYPE, body.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("site");
    }

    private static boolean reads(String type, ObjectNode body) {
        try {
            EventJson.read(type, body.toString().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (MalformedEventException e) {
            return false;
        }
    }

    private static List<String> componentNames(String type) {
        return Arrays.stream(EventTypes.standard().classFor(type).getRecordComponents())
                .map(component -> component.getName())
                .collect(Collectors.toList());
    }
}
