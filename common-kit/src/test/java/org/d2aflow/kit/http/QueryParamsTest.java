package org.d2aflow.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import jakarta.ws.rs.BadRequestException;

import org.junit.jupiter.api.Test;

/** Query dates stay within years 1 to 9999: ISO reaches the year 999999999, PostgreSQL and date arithmetic do not. */
class QueryParamsTest {

    @Test
    void aDateWithAHugeOrNegativeYearIsRefusedNamingIt() {
        for (String raw : new String[] {"+999999999-12-31", "-999999999-01-01", "0000-01-01", "+10000-01-01"}) {
            QueryParams q = new QueryParams();
            assertThat(q.date("dischargedFrom", raw)).as(raw).isNull();
            assertThatThrownBy(q::failIfAny).as(raw).isInstanceOf(BadRequestException.class);
        }
    }

    @Test
    void ordinaryDatesPass() {
        QueryParams q = new QueryParams();
        assertThat(q.date("from", "0001-01-01")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(q.date("to", "9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31));
        q.failIfAny();
    }

    @Test
    void anInstantIsBoundedAndTruncatedToTheMicrosecond() {
        QueryParams q = new QueryParams();
        assertThat(q.instant("asKnownAt", " 2026-04-01T00:00:00.123456789Z ")).isEqualTo(java.time.Instant.parse("2026-04-01T00:00:00.123456Z"));
        assertThat(q.instant("asKnownAt", "")).isNull();
        q.failIfAny();
        for (String raw : new String[] {"+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z", "yesterday", "2026-04-01"}) {
            QueryParams bad = new QueryParams();
            assertThat(bad.instant("asKnownAt", raw)).as(raw).isNull();
            assertThatThrownBy(bad::failIfAny).as(raw).isInstanceOfSatisfying(BadRequestException.class,
                    e -> assertThat(e.getResponse().getEntity().toString()).contains("asKnownAt"));
        }
    }
}
