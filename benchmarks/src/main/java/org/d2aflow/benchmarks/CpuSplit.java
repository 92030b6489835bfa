package org.d2aflow.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the CPU of a measured window went: this JVM (the load generator), the service under load, PostgreSQL (the
 * postmaster and every backend and worker, ended ones included), the Kafka broker, and the rest of the machine
 * (other users of a shared machine), from /proc. Take a {@link #sample} before and after the window.
 */
final class CpuSplit {

    /**
     * Cumulative CPU seconds at one moment; {@code service}, {@code postgres} and {@code kafka} are NaN when there is no
     * such process. {@code tools}: this JVM's pgbench children, running or ended.
     */
    record Sample(long nanos, double generator, double tools, double service, double postgres, double kafka, double machine) {
        Sample minus(Sample before) {
            return new Sample(nanos - before.nanos, generator - before.generator, tools - before.tools, service - before.service,
                    postgres - before.postgres, kafka - before.kafka, machine - before.machine);
        }

        double rest() {
            return machine - generator - tools - orZero(service) - orZero(postgres) - orZero(kafka);
        }

        private static double orZero(double v) {
            return Double.isNaN(v) ? 0 : v;
        }

        /**
         * One line for a pgbench baseline's window ({@link CpuSplit#during}): pgbench and PostgreSQL, and the rest of the
         * machine, which on a shared machine is what other users took from the baseline.
         */
        String describeBaseline(String what, double tps) {
            double k = tps * nanos / 1e9 / 1000.0; // the transactions of the window, at the run's rate
            double cores = Runtime.getRuntime().availableProcessors();
            return String.format(Locale.ROOT, "CPU s during pgbench, %s (%.0f s, %.0f available): pgbench %.1f, postgres %s, this JVM and kafka %.1f, "
                    + "rest of the machine %.1f (idle %.1f); per 1,000 transactions: pgbench %.2f, postgres %s", what, nanos / 1e9, cores * nanos / 1e9,
                    tools, fixed(postgres), generator + orZero(kafka), rest(), cores * nanos / 1e9 - machine, tools / k,
                    Double.isNaN(postgres) ? "n/a" : String.format(Locale.ROOT, "%.2f", postgres / k));
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

    private final Long service;
    private final Long postmaster;
    private final Long kafka;

    /** {@code servicePid} null: no service runs in the window (a baseline's). */
    CpuSplit(Long servicePid, Long postmasterPid, Long kafkaPid) {
        this.service = servicePid;
        this.postmaster = postmasterPid;
        this.kafka = kafkaPid;
    }

    /** The pids of this run's stack: the postmaster as the stack started it, the broker as test-kit published it. */
    static CpuSplit of(Long servicePid, org.d2aflow.testkit.TestStack stack) {
        String broker = System.getProperty("d2a.teststack.kafka.pid", "");
        return new CpuSplit(servicePid, stack.postgres().pid(), broker.isEmpty() ? null : Long.valueOf(broker));
    }

    /** What {@link #during} returns: the work's result and the CPU of the window inside it. */
    record During<T>(T result, Sample cpu) {
    }

    /**
     * Runs {@code work}, which lasts about {@code length} (a pgbench run), and samples the CPU from 2 s after it starts to
     * 2 s before it ends, on another thread: while pgbench's backends are connected, so that their time is read from
     * the live processes (once they end, it is not seen in the postmaster's children's time).
     */
    <T> During<T> during(Duration length, Callable<T> work) throws Exception {
        long margin = Math.min(2_000, length.toMillis() / 4);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cpu-split");
            t.setDaemon(true);
            return t;
        });
        try {
            ScheduledFuture<Sample> first = timer.schedule(this::sample, margin, TimeUnit.MILLISECONDS);
            ScheduledFuture<Sample> last = timer.schedule(this::sample, length.toMillis() - margin, TimeUnit.MILLISECONDS);
            T result = work.call();
            return new During<>(result, last.get().minus(first.get()));
        } finally {
            timer.shutdownNow();
        }
    }

    Sample sample() throws IOException {
        long self = ProcessHandle.current().pid();
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(self), "stat"));
        long own = ProcFs.cpuTicks(stat);
        double pgbench = ProcessHandle.current().children().filter(c -> c.info().command().orElse("").endsWith("pgbench"))
                .mapToDouble(c -> ProcFs.treeCpuSeconds(c.pid())).sum();
        return new Sample(System.nanoTime(), own / ProcFs.TICKS_PER_SECOND,
                (ProcFs.cpuTicksWithEndedChildren(stat) - own) / ProcFs.TICKS_PER_SECOND + pgbench,
                service == null ? Double.NaN : ProcFs.cpuSeconds(service),
                postmaster == null ? Double.NaN : ProcFs.treeCpuSeconds(postmaster), kafka == null ? Double.NaN : ProcFs.treeCpuSeconds(kafka),
                ProcFs.machineBusySeconds());
    }
}
