package org.d2aflow.kit.config;

import java.time.LocalDate;
import java.util.Map;

import org.d2aflow.kit.domain.EntryWindow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How late facts may be entered, for every write service: {@code d2a.late-entry.window-days} (default 90), and
 * optionally per organisation (the token's {@code org} claim), e.g. {@code d2a.late-entry.organisations.RXX=30}.
 */
@ConfigMapping(prefix = "d2a.late-entry")
public interface LateEntryConfig {

    /** Days a business date may lie before today. */
    @WithDefault("" + EntryWindow.DEFAULT_LATE_DAYS)
    int windowDays();

    /** Windows for particular organisations, overriding {@link #windowDays()}. */
    Map<String, Integer> organisations();

    /** The window for an organisation (its own if configured, else the default) as of a calendar date. */
    default EntryWindow windowFor(String organisation, LocalDate today) {
        Integer own = organisation == null ? null : organisations().get(organisation);
        return new EntryWindow(today, own == null ? windowDays() : own);
    }
}
