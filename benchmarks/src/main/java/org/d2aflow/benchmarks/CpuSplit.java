package org.d2aflow.benchmarks;

import java.io.IOException;
import java.util.Locale;

/**
 * Where the CPU of a measured window went: this JVM (the load generator), the service under load, PostgreSQL (the
 * postmaster and every backend and worker, ended ones included), the Kafka broker, and the rest of the machine
 * (other users of a shared machine), from /proc. Take a {@link #sample} before and after the window.
 */
final class CpuSplit {

    /** Cumulative CPU seconds at one moment; {@code postgres} and {@code kafka} are NaN when their pid is unknown. */
    record Sample(long nanos, double generator, double service, double postgres, double kafka, double machine) {
        Sample minus(Sample before) {
            return new Sample(nanos - before.nanos, generator - before.generator, service - before.service, postgres - before.postgres,
                    kafka - before.kafka, machine - before.machine);
        }

        double rest() {
            return machine - generator - service - (Double.isNaN(postgres) ? 0 : postgres) - (Double.isNaN(kafka) ? 0 : kafka);
        }

        /**
         * Two lines: the window's CPU seconds per process and per 1,000 requests, against the window's cores.
         * Call on a difference ({@link #minus}).
         */
        String describe(long requests) {
            double k = requests / 1000.0;
            double cores = Runtime.getRuntime().availableProcessors();
            return String.format(Locale.ROOT, "CPU s in the measured %.0f s (%.0f available on %.0f cores): generator %.1f, service %.1f, postgres %s, "
                    + "kafka %s, rest of the machine %.1f (idle %.1f)%n", nanos / 1e9, cores * nanos / 1e9, cores, generator, service, fixed(postgres),
                    fixed(kafka), rest(), cores * nanos / 1e9 - machine)
                    + String.format(Locale.ROOT, "  CPU s per 1,000 requests: generator %.2f, service %.2f, postgres %s, kafka %s", generator / k,
                            service / k, Double.isNaN(postgres) ? "n/a" : String.format(Locale.ROOT, "%.2f", postgres / k),
                            Double.isNaN(kafka) ? "n/a" : String.format(Locale.ROOT, "%.2f", kafka / k));
        }

        private static String fixed(double v) {
            return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
        }
    }

    private final long service;
    private final Long postmaster;
    private final Long kafka;

    CpuSplit(long servicePid, Long postmasterPid, Long kafkaPid) {
        this.service = servicePid;
        this.postmaster = postmasterPid;
        this.kafka = kafkaPid;
    }

    /** The pids of this run's stack: the postmaster as the stack started it, the broker as test-kit published it. */
    static CpuSplit of(long servicePid, org.d2aflow.testkit.TestStack stack) {
        String broker = System.getProperty("d2a.teststack.kafka.pid", "");
        return new CpuSplit(servicePid, stack.postgres().pid(), broker.isEmpty() ? null : Long.valueOf(broker));
    }

    Sample sample() throws IOException {
        return new Sample(System.nanoTime(), ProcFs.cpuSeconds(ProcessHandle.current().pid()), ProcFs.cpuSeconds(service),
                postmaster == null ? Double.NaN : ProcFs.treeCpuSeconds(postmaster), kafka == null ? Double.NaN : ProcFs.treeCpuSeconds(kafka),
                ProcFs.machineBusySeconds());
    }
}
