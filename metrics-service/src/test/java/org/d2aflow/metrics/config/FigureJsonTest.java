package org.d2aflow.metrics.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.Figure;
import org.junit.jupiter.api.Test;

/** The figure's JSON shape lives in config, not on the domain record: absent parts are left out as before. */
class FigureJsonTest {

    private final ObjectMapper json = FigureJson.register(new ObjectMapper()).registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void leavesOutWhatAFigureAndItsGroupsDoNotHave() throws Exception {
        Figure f = new Figure("pathway-mix", "Pathway mix", null, new Figure.Period(LocalDate.parse("2026-01-01"),
                LocalDate.parse("2026-01-31")), null, null, null, Map.of(), 3L, 4L, new BigDecimal("0.75"), null, null, null,
                List.of(new Figure.Group("East", 1L, 2L, null, null)), null);

        assertThat(json.writeValueAsString(f)).isEqualTo("{\"figure\":\"pathway-mix\",\"title\":\"Pathway mix\","
                + "\"period\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\"},\"options\":{},\"numerator\":3,\"denominator\":4,"
                + "\"value\":0.75,\"groups\":[{\"key\":\"East\",\"numerator\":1,\"denominator\":2}]}");
    }

    @Test
    void clocksLeaveOutTheClockAFigureDoesNotUse() throws Exception {
        Clocks census = new Clocks(null, "admission date on or before the census date", Instant.parse("2026-02-01T10:00:00.000001Z"),
                Clocks.AS_KNOWN_AT_RULE);

        assertThat(json.writeValueAsString(census)).isEqualTo("{\"census\":\"admission date on or before the census date\","
                + "\"asKnownAt\":\"2026-02-01T10:00:00.000001Z\",\"asKnownAtRule\":\"" + Clocks.AS_KNOWN_AT_RULE + "\"}");
    }

    @Test
    void leavesEmptyListsOutOfADrillDown() throws Exception {
        assertThat(json.writeValueAsString(new Figure.DrillDown(List.of("r1"), List.of(), Map.of())))
                .isEqualTo("{\"numerator\":[\"r1\"]}");
    }
}
