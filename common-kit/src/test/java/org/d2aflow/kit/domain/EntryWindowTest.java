package org.d2aflow.kit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class EntryWindowTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private final EntryWindow window = new EntryWindow(TODAY, 90);

    @Test
    void acceptsTodayAndEveryDayBackToTheEdgeInclusive() {
        assertThat(window.earliest()).isEqualTo(LocalDate.of(2026, 9, 8));
        assertThat(errorsFor(TODAY)).isEmpty();
        assertThat(errorsFor(LocalDate.of(2026, 9, 8))).isEmpty();
        assertThat(window.accepts(LocalDate.of(2026, 9, 8))).isTrue();
    }

    @Test
    void theDayBeforeTheEdgeNamesTheFieldAndTheLimit() {
        List<FieldError> errors = errorsFor(LocalDate.of(2026, 9, 7));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("startDate");
            assertThat(e.message()).contains("2026-09-08", "90 days late", "91 days ago");
        });
        assertThat(window.accepts(LocalDate.of(2026, 9, 7))).isFalse();
    }

    @Test
    void tomorrowIsInTheFutureButCanBeLeftToTheCallersOwnLimit() {
        assertThat(errorsFor(TODAY.plusDays(1))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("future", TODAY.toString()));

        List<FieldError> errors = new ArrayList<>();
        window.checkNotTooLate("fromDate", TODAY.plusDays(30), errors);
        assertThat(errors).isEmpty();
    }

    @Test
    void aMissingDateIsLeftToTheCaller() {
        assertThat(errorsFor(null)).isEmpty();
    }

    @Test
    void aWindowOfZeroAcceptsTodayOnly() {
        EntryWindow todayOnly = new EntryWindow(TODAY, 0);

        assertThat(todayOnly.accepts(TODAY)).isTrue();
        assertThat(todayOnly.accepts(TODAY.minusDays(1))).isFalse();
    }

    @Test
    void aNegativeOrAbsurdWindowIsRefused() {
        assertThatThrownBy(() -> new EntryWindow(TODAY, -1)).hasMessageContaining("0 to 3660");
        assertThatThrownBy(() -> new EntryWindow(TODAY, 3661)).hasMessageContaining("0 to 3660");
        assertThatThrownBy(() -> new EntryWindow(null, 90)).hasMessageContaining("today");
    }

    private List<FieldError> errorsFor(LocalDate date) {
        List<FieldError> errors = new ArrayList<>();
        window.check("startDate", date, errors);
        return errors;
    }
}
