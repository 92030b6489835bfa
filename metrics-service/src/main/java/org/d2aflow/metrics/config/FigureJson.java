package org.d2aflow.metrics.config;

import jakarta.inject.Singleton;

import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.Figure;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * How a {@link Figure} is written as JSON, kept out of the (framework-free) domain: a figure and its groups leave out
 * what they do not have (so do their clocks: a census figure has no period clock), a drill-down leaves out empty
 * lists. Applies to the REST answers, the live stream and the
 * d2a.figures snapshots alike, all written with the application's ObjectMapper.
 */
@Singleton
public class FigureJson implements ObjectMapperCustomizer {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private interface LeaveOutNulls {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private interface LeaveOutEmpty {
    }

    @Override
    public void customize(ObjectMapper mapper) {
        register(mapper);
    }

    /** Adds the figure's JSON shape to a mapper (also used by tests that write figures without Quarkus). */
    public static ObjectMapper register(ObjectMapper mapper) {
        return mapper.addMixIn(Figure.class, LeaveOutNulls.class)
                .addMixIn(Figure.Group.class, LeaveOutNulls.class)
                .addMixIn(Clocks.class, LeaveOutNulls.class)
                .addMixIn(Figure.DrillDown.class, LeaveOutEmpty.class);
    }
}
