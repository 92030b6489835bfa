package org.d2aflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.d2aflow.stack.Processes;

/**
 * Kafka's own consumer benchmark (org.apache.kafka.tools.ConsumerPerformance, what kafka-consumer-perf-test runs)
 * in a JVM of its own with the same heap as the service, reading one topic at a time with the fetch sizes the
 * metrics projection uses. It takes one --topic, so the three event-log topics are read one after the other.
 */
final class ConsumerPerf {

    /** One topic's run as the tool reports it; fetch time excludes the consumer-group rebalance. */
    record Result(String topic, long messages, double megabytes, long fetchMillis, long rebalanceMillis, long elapsedMillis) {
    }

    private ConsumerPerf() {
    }

    static List<Result> run(String bootstrap, Map<String, Long> messagesPerTopic, String heap) throws IOException, InterruptedException {
        Path config = Files.createTempFile("consumer-perf", ".properties");
        // The projection's own consumer settings (Projection.java), so the two read the log the same way.
        Files.writeString(config, String.join("\n", "max.poll.records=5000", "fetch.max.bytes=33554432", "max.partition.fetch.bytes=8388608",
                "auto.offset.reset=earliest", ""));
        List<Result> out = new ArrayList<>();
        try {
            for (Map.Entry<String, Long> t : messagesPerTopic.entrySet()) {
                if (t.getValue() == 0) {
                    continue;
                }
                List<String> cmd = List.of(Processes.javaExecutable(), "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-cp",
                        System.getProperty("java.class.path"), "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                        "--topic", t.getKey(), "--messages", Long.toString(t.getValue()), "--timeout", "120000", "--group",
                        "benchmark-perf-" + System.nanoTime(), "--consumer.config", config.toString());
                Report.progress("baseline: ConsumerPerformance reading %,d records of %s", t.getValue(), t.getKey());
                String output = Processes.run(cmd, Duration.ofHours(2));
                out.add(parse(t.getKey(), output));
                Result r = out.get(out.size() - 1);
                Report.progress("baseline: %s %,d records, fetch %.1fs (%,.0f records/s), rebalance %.1fs", r.topic(), r.messages(),
                        r.fetchMillis() / 1000.0, r.messages() / Math.max(r.fetchMillis() / 1000.0, 0.001), r.rebalanceMillis() / 1000.0);
            }
        } finally {
            Files.deleteIfExists(config);
        }
        return out;
    }

    /**
     * The tool prints a header and one CSV line: start.time, end.time, data.consumed.in.MB, MB.sec,
     * data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec.
     */
    static Result parse(String topic, String output) {
        String header = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("start.time")) {
                header = line;
                continue;
            }
            if (header != null && !line.isBlank()) {
                String[] names = header.split(",\\s*");
                String[] values = line.trim().split(",\\s*");
                if (values.length != names.length) {
                    continue;
                }
                double mb = Double.parseDouble(values[indexOf(names, "data.consumed.in.MB")]);
                long n = Long.parseLong(values[indexOf(names, "data.consumed.in.nMsg")]);
                long rebalance = Long.parseLong(values[indexOf(names, "rebalance.time.ms")]);
                long fetch = Long.parseLong(values[indexOf(names, "fetch.time.ms")]);
                return new Result(topic, n, mb, fetch, rebalance, fetch + rebalance);
            }
        }
        throw new IllegalStateException("Could not read ConsumerPerformance's output:\n" + output);
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].trim().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no column " + name);
    }
}
