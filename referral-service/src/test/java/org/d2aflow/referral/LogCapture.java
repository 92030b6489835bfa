package org.d2aflow.referral;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * Every log record of the service while it listens, formatted as a text log line with all of its log context and its stack
 * trace; the service's own loggers and the REST layer's are turned up to DEBUG meanwhile. For the tests that show no
 * identity reaches a log line.
 */
public final class LogCapture extends Handler {

    /** Loggers turned up to DEBUG while listening: the services' own code and the REST layer's exception handling. */
    private static final List<String> VERBOSE = List.of("org.d2aflow", "org.jboss.resteasy.reactive", "io.quarkus.rest",
            "io.quarkus.resteasy.reactive", "io.quarkus.vertx.http");

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final PatternFormatter format = new PatternFormatter("%d %-5p [%c] (%t) %X %s%e%n");
    private final List<Level> levelsBefore = new ArrayList<>();

    /** Starts listening to every logger, with the verbose ones at DEBUG. */
    public void listen() {
        LogContext.getLogContext().getLogger("").addHandler(this);
        for (String name : VERBOSE) {
            Logger logger = LogContext.getLogContext().getLogger(name);
            levelsBefore.add(logger.getLevel());
            logger.setLevel(Level.FINE);
        }
    }

    /** Stops listening and puts the levels back. */
    public void stop() {
        LogContext.getLogContext().getLogger("").removeHandler(this);
        for (int i = 0; i < levelsBefore.size(); i++) {
            LogContext.getLogContext().getLogger(VERBOSE.get(i)).setLevel(levelsBefore.get(i));
        }
        levelsBefore.clear();
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(format.format(record instanceof ExtLogRecord ext ? ext : ExtLogRecord.wrap(record)));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The captured lines holding the value in any of the forms it might be printed in (see {@link #forms}). */
    public List<String> linesContaining(String identity) {
        List<String> found = new ArrayList<>();
        for (String form : forms(identity)) {
            lines.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(form)).forEach(found::add);
        }
        return found;
    }

    /** The forms a value might be printed in: as sent, spaces or dashes removed, NHS-style spaced, a date reordered. */
    public static List<String> forms(String identity) {
        String lower = identity.toLowerCase(Locale.ROOT);
        List<String> forms = new ArrayList<>(List.of(lower, lower.replaceAll("[ -]", "")));
        if (identity.matches("\\d{10}")) {
            forms.add(identity.substring(0, 3) + " " + identity.substring(3, 6) + " " + identity.substring(6));
        }
        if (identity.matches("\\d{4}-\\d{2}-\\d{2}")) {
            String[] ymd = identity.split("-");
            forms.add(ymd[2] + "/" + ymd[1] + "/" + ymd[0]);
            forms.add(ymd[0] + "," + Integer.parseInt(ymd[1]) + "," + Integer.parseInt(ymd[2]));
        }
        if (identity.contains(" ")) {
            forms.addAll(List.of(lower.split(" ")));
        }
        return forms;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
