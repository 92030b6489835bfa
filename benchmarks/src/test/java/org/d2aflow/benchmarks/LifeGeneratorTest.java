package org.d2aflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventTypes;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

class LifeGeneratorTest {

    private static final LocalDate LAST = LocalDate.of(2025, 6, 30);

    private static List<LifeGenerator.Event> lives(long seed, int referrals) {
        LifeGenerator g = new LifeGenerator(seed, LAST, 50);
        List<LifeGenerator.Event> out = new ArrayList<>();
        for (int i = 0; i < referrals; i++) {
            g.next(out::add);
        }
        assertThat(g.events()).isEqualTo(out.size());
        return out;
    }

    @Test
    void sameSeedGivesTheSameEventsIdsIncluded() {
        List<LifeGenerator.Event> a = lives(42, 300);
        List<LifeGenerator.Event> b = lives(42, 300);
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).headers()).isEqualTo(b.get(i).headers());
            assertThat(a.get(i).bodyText()).isEqualTo(b.get(i).bodyText());
        }
        assertThat(lives(43, 300).get(40).id()).isNotEqualTo(a.get(40).id());
    }

    @Test
    void everyEventMatchesItsPublishedSchemaAndTheContractReadsIt() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Map<String, JsonSchema> schemas = new HashMap<>();
        EventTypes types = EventTypes.standard();
        Set<String> seenTypes = new HashSet<>();
        for (LifeGenerator.Event e : lives(7, 2000)) {
            JsonSchema schema = schemas.computeIfAbsent(e.type(), t -> {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("schemas/" + t + ".json")) {
                    return factory.getSchema(json.readTree(in), config);
                } catch (Exception ex) {
                    throw new AssertionError("no schema for " + t, ex);
                }
            });
            JsonNode body = json.readTree(e.body());
            Set<ValidationMessage> problems = schema.validate(body);
            assertThat(problems).as(e.type() + " " + e.bodyText()).isEmpty();
            EventEnvelope<D2aEvent> read = CloudEventHeaders.deserialize(e.headers(), e.body(), types);
            assertThat(read.subject()).isEqualTo(e.key());
            assertThat(Topics.topicFor(read.event())).isEqualTo(e.topic());
            seenTypes.add(e.type());
        }
        // Every event type of the three event-log topics appears in a couple of thousand lives.
        assertThat(seenTypes).hasSize(13);
    }

    @Test
    void streamVersionsCountUpWithoutGapsPerKeyAndTopic() {
        Map<String, Long> last = new HashMap<>();
        for (LifeGenerator.Event e : lives(3, 2000)) {
            String stream = e.topic() + "/" + e.key();
            long expected = last.getOrDefault(stream, 0L) + 1;
            assertThat(e.streamVersion()).as(stream).isEqualTo(expected);
            last.put(stream, e.streamVersion());
        }
    }

    @Test
    void everyLifeIsRecordedInThePastAndInOrder() {
        Map<String, java.time.Instant> last = new HashMap<>();
        LifeGenerator g = new LifeGenerator(5, LifeGenerator.defaultLastDischarge(), 20_000);
        java.time.Instant now = java.time.Instant.now();
        for (int i = 0; i < 2000; i++) {
            g.next(e -> {
                assertThat(e.time()).isBefore(now);
                if (!e.topic().equals(Topics.CAPACITY)) {
                    java.time.Instant before = last.put(e.key(), e.time());
                    if (before != null) {
                        assertThat(e.time()).isAfter(before);
                    }
                }
            });
        }
    }
}
