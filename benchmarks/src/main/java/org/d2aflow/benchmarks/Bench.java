package org.d2aflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;

/**
 * Entry point of benchmarks/run: {@code Bench NAME [--option value ...]}. Each benchmark starts its own Kafka
 * broker and PostgreSQL (test-kit's TestStack) and services, and everything stops when this JVM exits.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        Path repo = Path.of(System.getProperty("d2a.repo", "..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(repo.resolve("metrics-service/pom.xml"))) {
            throw new IllegalStateException(repo + " is not the repository root: set -Dd2a.repo");
        }
        String name = args[0];
        try {
            switch (name) {
                case "rebuild":
                    RebuildBenchmark.run(repo, new Args(args, 1, RebuildBenchmark.OPTIONS));
                    break;
                case "referrals":
                    ReferralsBenchmark.run(repo, new Args(args, 1, ReferralsBenchmark.OPTIONS));
                    break;
                case "claims":
                    ClaimsBenchmark.run(repo, new Args(args, 1, ClaimsBenchmark.OPTIONS));
                    break;
                case "freshness":
                    FreshnessBenchmark.run(repo, new Args(args, 1, FreshnessBenchmark.OPTIONS));
                    break;
                case "sse":
                    SseBenchmark.run(repo, new Args(args, 1, SseBenchmark.OPTIONS));
                    break;
                case "heap":
                    HeapBenchmark.run(repo, new Args(args, 1, HeapBenchmark.OPTIONS));
                    break;
                default:
                    usage();
                    System.exit(2);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage();
            System.exit(2);
        }
        // The shutdown hooks stop the services, the broker and PostgreSQL.
        System.exit(0);
    }

    /** The broker and PostgreSQL of this run (started on first use), announced in the progress output. */
    static TestStack stack() {
        TestStack stack = TestStack.get();
        Report.progress("stack: Kafka %s, PostgreSQL %s", stack.bootstrapServers(), stack.postgres().describe());
        return stack;
    }

    /** A fixed number of clients, measured for a while after a warm-up that is not counted. */
    record Load(int clients, Duration duration, Duration warmup) {
        static Load from(Args args) {
            return new Load(args.intValue("clients", 16), args.duration("duration", Duration.ofSeconds(60)),
                    args.duration("warmup", Duration.ofSeconds(60)));
        }
    }

    /** A packaged service with a fixed heap and the full JIT, from a private copy of its build (see ServiceProcess.Options). */
    static ServiceProcess service(Path repo, String module, String database, String heap, Map<String, String> extra) throws IOException {
        ServiceProcess s = ServiceProcess.start(repo, module, database, extra, ServiceProcess.Options.benchmark(heap));
        Report.progress("%s starting on port %d (heap %s), log %s", module, s.port(), heap, s.log());
        return s;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void usage() {
        System.err.println(String.join("\n",
                "usage: benchmarks/run NAME [options]",
                "  rebuild    [--events 10000000] [--heap 8g] [--seed 7] [--per-day 20000] [--timeout 3h] [--snapshot-interval 1h]",
                "  referrals  [--clients 16] [--duration 60] [--warmup 60] [--heap 512m] [--client raw|java]",
                "  claims     [--small 1000] [--large 100000] [--sample 2000] [--clients 1] [--fill-clients 8] [--active 100] [--warmup 5000]"
                        + " [--units 10000] [--heap 512m]",
                "  freshness  [--clients 16 | --rate 200] [--duration 60] [--warmup 60] [--heap 1g] [--figure length-of-stay-census]",
                "  heap       [--referrals 1000000] [--heap 8g] [--seed 7] [--per-day 20000] [--settle 10] [--snapshot-interval 1h]",
                "  sse        [--subscribers 20000] [--rate 200] [--duration 60] [--sample 100] [--warmup 30] [--heap 1g] [--threads 4]"
                        + " [--figure length-of-stay-census]",
                "  all        each of the above in turn, with their defaults unless options follow"));
    }
}
