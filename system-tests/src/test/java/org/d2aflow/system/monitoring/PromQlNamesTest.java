package org.d2aflow.system.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void findsTheMetricsAndSkipsFunctionsAggregationsLabelsAndKeywords() {
        assertThat(PromQlNames.of("""
                sum by (job) (rate(http_server_requests_seconds_count{status=~"5..", uri!="/q/{x}"}[5m]))
                / on (job) group_left (team) sum without (instance) (rate(http_server_requests_seconds_count[5m] offset 1h))
                > bool 0.01 unless ignoring (le) histogram_quantile(0.99, sum(rate(d2a_outbox_relay_lag_seconds_bucket[10m])) by (le))
                or max_over_time(d2a_figures_newest_event_age_seconds[1h:5m]) and topk(3, d2a_figure_value) # d2a_in_a_comment
                """)).containsExactly("http_server_requests_seconds_count", "d2a_outbox_relay_lag_seconds_bucket",
                "d2a_figures_newest_event_age_seconds", "d2a_figure_value");
    }

    @Test
    void aRecordingRuleNameWithColonsAndAGrafanaVariableAreTold() {
        assertThat(PromQlNames.of("job:d2a_outbox_pending:max > $threshold and rate(x_total[$__rate_interval]) > 1e3"))
                .containsExactly("job:d2a_outbox_pending:max", "x_total");
    }

    @Test
    void anUnbalancedExpressionIsRefused() {
        assertThatThrownBy(() -> PromQlNames.of("sum(rate(x[5m])))")).hasMessageContaining("unbalanced ')'");
        assertThatThrownBy(() -> PromQlNames.of("x{job=\"a}")).hasMessageContaining("unclosed string");
    }
}
