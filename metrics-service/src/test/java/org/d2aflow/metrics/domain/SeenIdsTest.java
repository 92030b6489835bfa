package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.metrics.domain.Queries.period;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** METRICS.md: "Duplicated deliveries of an event never change a figure (dedupe by CloudEvents id)" - by the exact id. */
class SeenIdsTest {

    @Test
    void thousandsOfUuidIdsAreRememberedAcrossTableGrowth() {
        Random random = new Random(91);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        SeenIds seen = new SeenIds();

        assertThat(ids).allMatch(seen::add); // the table starts at 1,024 slots and grows several times
        assertThat(ids).noneMatch(seen::add);
        assertThat(seen.size()).isEqualTo(5_000);
    }

    @Test
    void nonUuidIdsAreDedupedToo() {
        SeenIds seen = new SeenIds();

        assertThat(seen.add("evt-1")).isTrue();
        assertThat(seen.add("evt-1")).isFalse();
        assertThat(seen.add("evt-2")).isTrue();
        assertThat(seen.size()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} and {1} are two events")
    @CsvSource(textBlock = """
            0000000a-0000-4000-8000-000000000001, 0000000A-0000-4000-8000-000000000001
            100000000-000-0000-0000-000000000000, 00000000-0000-0000-0000-000000000000
            000000001-002-0003-0004-000000000006, 00000001-0002-0003-0004-000000000006
            evt-1,                                EVT-1
            """)
    void idsThatDifferAsStringsAreDifferentEventsEvenIfTheyParseToTheSameUuid(String first, String second) {
        SeenIds seen = new SeenIds();

        assertThat(seen.add(first)).isTrue();
        assertThat(seen.add(second)).isTrue();
        assertThat(seen.add(first)).isFalse();
        assertThat(seen.add(second)).isFalse();
    }

    @Test
    void twoDischargesWhoseIdsDifferOnlyInCaseAreBothCounted() {
        Instant t = Instant.parse("2024-01-01T09:00:00Z");
        LogFacts facts = new LogFacts();
        for (String r : List.of("r1", "r2")) {
            facts.apply(EventEnvelope.of(UUID.randomUUID().toString(), TestLog.SOURCE, t, 1, new ReferralSubmitted(r, "pk-" + r, 80,
                    Sex.MALE, "East", "County Hospital", LocalDate.parse("2024-01-01"), UsualResidence.PRIVATE_HOME)));
        }

        assertThat(facts.apply(EventEnvelope.of("0000000a-0000-4000-8000-00000000000b", TestLog.SOURCE, t, 2,
                new PatientDischarged("r1", LocalDate.parse("2024-01-05"), "19", "1")))).isTrue();
        assertThat(facts.apply(EventEnvelope.of("0000000A-0000-4000-8000-00000000000B", TestLog.SOURCE, t, 2,
                new PatientDischarged("r2", LocalDate.parse("2024-01-06"), "51", "1")))).isTrue();

        Figure f = period("2024-01-01", "2024-01-31").compute(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE, facts);
        assertThat(f.denominator()).isEqualTo(2L); // r1 home, r2 not: 1 of 2
        assertThat(f.numerator()).isEqualTo(1L);
        assertThat(facts.duplicatesIgnored()).isZero();
    }
}
