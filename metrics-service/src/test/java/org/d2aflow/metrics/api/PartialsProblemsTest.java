package org.d2aflow.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;

import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.problem.Problem;
import org.d2aflow.metrics.query.PartialsUnavailable;
import org.junit.jupiter.api.Test;

/** A figure whose partitions did not all answer is a 503 problem with Retry-After: 1 (STREAMS.md section 5). */
class PartialsProblemsTest {

    @Test
    void unansweredPartitionsAre503WithRetryAfter() {
        Response r = new PartialsProblems().unavailable(new PartialsUnavailable(new TreeSet<>(java.util.List.of(2, 5)), "rebalancing"), null);
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(r.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(((Problem) r.getEntity()).detail()).contains("[2, 5]");
    }
}
