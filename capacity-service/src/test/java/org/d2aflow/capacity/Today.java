package org.d2aflow.capacity;

import java.time.LocalDate;
import java.time.ZoneId;

/** The service's calendar date: Europe/London, whatever the test machine's zone. */
public final class Today {

    private Today() {
    }

    public static LocalDate date() {
        return LocalDate.now(ZoneId.of("Europe/London"));
    }
}
