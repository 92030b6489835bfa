package org.d2aflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.d2aflow.stack.PostgresServer;
import org.d2aflow.testkit.TestStack;

/**
 * PostgreSQL's own benchmark on the same server: single-row INSERT transactions into a scratch table, with the
 * same number of clients as the HTTP load. It is what one committed write costs the database with nothing around
 * it, the floor under a referral submission (which commits events, outbox, read model and identity together).
 */
final class Pgbench {

    record Result(double tps, double meanLatencyMillis, long transactions, String raw) {
    }

    static final String DATABASE = "d2a_bench";
    private static final List<String> CANDIDATES = List.of("/usr/lib/postgresql/17/bin/pgbench", "/usr/lib/postgresql/16/bin/pgbench",
            "/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench");

    private Pgbench() {
    }

    static String executable() {
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new IllegalStateException("pgbench not found in " + CANDIDATES + " (Debian: apt-get install postgresql-client)");
    }

    static Result run(int clients, Duration length) throws Exception {
        TestStack stack = TestStack.get();
        stack.jdbcUrl(DATABASE);
        PostgresServer pg = stack.postgres();
        try (Connection c = pg.connect(DATABASE); Statement s = c.createStatement()) {
            // A row of about the size of a referral's event row: an id, a time and a few hundred bytes of JSON.
            s.execute("DROP TABLE IF EXISTS bench_insert");
            s.execute("CREATE TABLE bench_insert (id bigserial PRIMARY KEY, recorded_at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)");
        }
        Path script = Files.createTempFile("pgbench-insert", ".sql");
        Files.writeString(script, "INSERT INTO bench_insert (payload) VALUES (repeat('x', 400));\n");
        try {
            List<String> cmd = new ArrayList<>(List.of(executable(), "-h", pg.host(), "-p", Integer.toString(pg.port()), "-U", pg.user(), "-n",
                    "-M", "prepared", "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                    "-T", Long.toString(length.toSeconds()), "-f", script.toString(), DATABASE));
            Report.progress("baseline: pgbench, %d clients for %ds, one INSERT per transaction", clients, length.toSeconds());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            if (pg.password() != null) {
                env.put("PGPASSWORD", pg.password());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("pgbench failed:\n" + out);
            }
            return parse(out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static Result parse(String out) {
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        Matcher lat = Pattern.compile("latency average = ([0-9.]+) ms").matcher(out);
        Matcher n = Pattern.compile("number of transactions actually processed: ([0-9]+)").matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("Could not read pgbench's output:\n" + out);
        }
        return new Result(Double.parseDouble(tps.group(1)), lat.find() ? Double.parseDouble(lat.group(1)) : Double.NaN,
                n.find() ? Long.parseLong(n.group(1)) : -1, out);
    }
}
