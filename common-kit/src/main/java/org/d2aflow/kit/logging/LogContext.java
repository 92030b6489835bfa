package org.d2aflow.kit.logging;

import java.util.function.Supplier;

import org.jboss.logging.MDC;

/**
 * Puts a value in the log context (MDC) for the lines logged while some work runs, and restores what was there
 * before. The keys are the fields of a JSON log line's {@code mdc} object: {@code requestId} (HTTP, {@link RequestIds}),
 * {@code streamId} (the stream a command changes), the same {@code streamId} for the record a consumer acts on (its key), and OpenTelemetry's
 * {@code traceId}/{@code spanId} when it is present. Never an identity: ids only.
 */
public final class LogContext {

    public static final String STREAM_ID = "streamId";

    private LogContext() {
    }

    public static void run(String key, String value, Runnable work) {
        with(key, value, () -> {
            work.run();
            return null;
        });
    }

    public static <T> T with(String key, String value, Supplier<T> work) {
        if (value == null) {
            return work.get();
        }
        Object before = MDC.get(key);
        MDC.put(key, value);
        try {
            return work.get();
        } finally {
            if (before == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, before);
            }
        }
    }
}
