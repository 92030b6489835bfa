package org.d2aflow.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenMetricsNegotiationTest {

    @Test
    void openMetricsIsServedWhenItIsPreferredOrTied() {
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("application/openmetrics-text")).isTrue();
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("application/openmetrics-text; version=1.0.0")).isTrue();
        // What Prometheus sends.
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")).isTrue();
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("text/plain, application/openmetrics-text")).isTrue();
    }

    @Test
    void otherwiseQuarkusRouteAnswers() {
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics(null)).isFalse();
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("")).isFalse();
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("text/plain")).isFalse();
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("text/plain, application/openmetrics-text;q=0.5")).isFalse();
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("application/openmetrics-text;q=0")).isFalse();
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("text/html,application/openmetrics-text;q=0.9")).isFalse();
        assertThat(OpenMetricsNegotiation.prefersOpenMetrics("application/json")).isFalse();
    }
}
