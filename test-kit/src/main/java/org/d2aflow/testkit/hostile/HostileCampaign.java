package org.d2aflow.testkit.hostile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Sends generated bad requests to a running service and keeps the score: answers by status class, 5xx, refusals that
 * are not a valid problem, 400/422 answers that do not name the field at fault, requests that should have been
 * refused but passed, and writes (table rows, topic records) made by refused requests.
 *
 * <p>Writes are measured with row counts taken every {@value #BATCH} requests, and around each request that may pass:
 * whatever changed between two counts with only refusals in between was written by a refusal. Topic records are counted
 * once, at the end, after the outbox has had time to publish the rows written during the run: a record beyond those was
 * sent past the outbox, by a refusal.
 */
public final class HostileCampaign {

    static final int BATCH = 50;
    private static final int EXAMPLES = 15;

    private final String service;
    private final RawHttp http;
    private final Supplier<Map<String, Long>> rows;
    private final Supplier<Map<String, Long>> topics;
    private final String outboxTable;

    /**
     * @param rows        row counts of every table a request could write
     * @param topics      records committed to the topics the service publishes to, per topic
     * @param outboxTable the table whose rows become topic records (null when the service publishes nothing)
     */
    public HostileCampaign(String service, RawHttp http, Supplier<Map<String, Long>> rows, Supplier<Map<String, Long>> topics,
            String outboxTable) {
        this.service = service;
        this.http = http;
        this.rows = rows;
        this.topics = topics;
        this.outboxTable = outboxTable;
    }

    /** The score of a run. */
    public static final class Report {
        final String service;
        final long seed;
        int sent;
        final Map<String, Integer> byClass = new TreeMap<>();
        final Map<Integer, Integer> byStatus = new TreeMap<>();
        final Map<String, Integer> byFamily = new TreeMap<>();
        int serverErrors;
        int noAnswer;
        int invalidProblems;
        int codecRefusals;
        int wrongStatus;
        int unnamedFields;
        int passedGarbage;
        int legitimatePasses;
        long rowsByRefused;
        long recordsByRefused;
        long millis;
        final Map<String, List<String>> examples = new LinkedHashMap<>();

        Report(String service, long seed) {
            this.service = service;
            this.seed = seed;
        }

        void example(String kind, String text) {
            List<String> list = examples.computeIfAbsent(kind, k -> new ArrayList<>());
            if (list.size() < EXAMPLES) {
                list.add(text);
            }
        }

        public int sent() {
            return sent;
        }

        public int serverErrors() {
            return serverErrors;
        }

        public int noAnswer() {
            return noAnswer;
        }

        /** Refusals with another status than the one the request calls for (413 for a body over the limit, ...). */
        public int wrongStatus() {
            return wrongStatus;
        }

        /** Refusals made by the HTTP codec itself (bare 400, nothing reached the service), counted apart. */
        public int codecRefusals() {
            return codecRefusals;
        }

        public int invalidProblems() {
            return invalidProblems;
        }

        public int unnamedFields() {
            return unnamedFields;
        }

        public int passedGarbage() {
            return passedGarbage;
        }

        public long writesByRefused() {
            return rowsByRefused + recordsByRefused;
        }

        /** The one line the suite prints per service. */
        public String summary() {
            return String.format("HOSTILE %s seed=%d requests=%d %s 5xx=%d no-answer=%d invalid-problem=%d wrong-status=%d codec-refusals=%d field-not-named=%d "
                    + "passed-garbage=%d passed-legitimately=%d writes-by-refused=%d (rows %d, topic records %d) in %.1fs",
                    service, seed, sent, byClass, serverErrors, noAnswer, invalidProblems, wrongStatus, codecRefusals, unnamedFields, passedGarbage, legitimatePasses,
                    writesByRefused(), rowsByRefused, recordsByRefused, millis / 1000.0);
        }

        /**
         * Fails, listing every finding with examples, unless the run sent at least {@code requests}, none got a 5xx or no
         * answer, every refusal was a valid problem of the expected status naming the field, no garbage passed and no
         * refused request wrote anything.
         */
        public void assertClean(int requests) {
            org.assertj.core.api.Assertions.assertThat(sent).as(findings()).isGreaterThanOrEqualTo(requests);
            org.assertj.core.api.Assertions.assertThat(new int[] {serverErrors, noAnswer, invalidProblems, wrongStatus, unnamedFields,
                    passedGarbage}).as(findings()).containsOnly(0);
            org.assertj.core.api.Assertions.assertThat(writesByRefused()).as(findings()).isZero();
        }

        /** Every finding, with examples, for an assertion message. */
        public String findings() {
            StringBuilder sb = new StringBuilder(summary()).append("\nstatuses ").append(byStatus).append("\nfamilies ").append(byFamily);
            examples.forEach((kind, list) -> {
                sb.append("\n").append(kind).append(":");
                list.forEach(e -> sb.append("\n  ").append(e));
            });
            return sb.toString();
        }
    }

    public Report run(long seed, List<HostileRequest> requests) {
        Report report = new Report(service, seed);
        long started = System.currentTimeMillis();
        Map<String, Long> topicsBefore = topics.get();
        Map<String, Long> first = rows.get();
        Map<String, Long> last = first;
        List<String> pending = new ArrayList<>();
        boolean pendingPassed = false;
        for (HostileRequest r : requests) {
            if (r.mayPass()) {
                Map<String, Long> before = rows.get();
                report.rowsByRefused += settle(report, last, before, pending, pendingPassed);
                pending.clear();
                pendingPassed = false;
                RawHttp.Answer a = send(report, r);
                Map<String, Long> after = rows.get();
                long delta = delta(before, after);
                if (a.status() >= 200 && a.status() < 400) {
                    report.legitimatePasses++;
                } else if (delta != 0) {
                    report.rowsByRefused += delta;
                    report.example("writes by a refused request", r + " -> " + a.status() + " wrote " + changes(before, after));
                }
                last = after;
                continue;
            }
            RawHttp.Answer a = send(report, r);
            pending.add(r + " -> " + a.status());
            if (a.status() >= 200 && a.status() < 400) {
                report.passedGarbage++;
                pendingPassed = true;
                report.example("passed but should have been refused", r + " -> " + a.status() + " " + clip(a.bodyText()));
            }
            if (pending.size() >= BATCH) {
                Map<String, Long> now = rows.get();
                report.rowsByRefused += settle(report, last, now, pending, pendingPassed);
                last = now;
                pending.clear();
                pendingPassed = false;
            }
        }
        Map<String, Long> end = rows.get();
        report.rowsByRefused += settle(report, last, end, pending, pendingPassed);
        // Outbox rows of refused requests are counted above; every record on the topics must come from an outbox row.
        long outboxRows = outboxTable == null ? 0 : end.getOrDefault(outboxTable, 0L) - first.getOrDefault(outboxTable, 0L);
        report.recordsByRefused = recordsByRefused(report, topicsBefore, outboxRows);
        report.millis = System.currentTimeMillis() - started;
        return report;
    }

    /** Rows written between two counts with only refusals (or garbage that passed, reported as such) in between. */
    private long settle(Report report, Map<String, Long> before, Map<String, Long> after, List<String> pending, boolean passed) {
        long delta = delta(before, after);
        if (delta == 0 || passed) {
            return 0;
        }
        report.example("writes by refused requests", changes(before, after) + " in a batch of " + pending.size() + ": " + pending);
        return delta;
    }

    private long recordsByRefused(Report report, Map<String, Long> before, long legitimate) {
        long deadline = System.currentTimeMillis() + 60_000;
        long published;
        do {
            published = delta(before, topics.get());
            if (published >= legitimate) {
                break;
            }
            sleep(250);
        } while (System.currentTimeMillis() < deadline);
        // Anything a refusal sent straight to the broker would arrive by now as well.
        sleep(1500);
        published = delta(before, topics.get());
        if (published != legitimate) {
            report.example("topic records", published + " published, " + legitimate + " outbox rows written during the run");
        }
        return Math.max(0, published - legitimate);
    }

    private RawHttp.Answer send(Report report, HostileRequest r) {
        RawHttp.Answer a = http.send(r);
        report.sent++;
        report.byFamily.merge(r.family(), 1, Integer::sum);
        report.byStatus.merge(a.status(), 1, Integer::sum);
        String statusClass = a.status() < 0 ? "none" : (a.status() / 100) + "xx";
        report.byClass.merge(statusClass, 1, Integer::sum);
        if (r.expect() != 0 && a.status() != r.expect() && !(r.refusedByCodec() && a.status() == 400)) {
            report.wrongStatus++;
            report.example("wrong status", r + " -> " + a.status() + ", not " + r.expect() + " " + clip(a.bodyText()));
        }
        if (a.status() < 0) {
            report.noAnswer++;
            report.example("no answer", r + ": " + a.failure());
        } else if (a.status() >= 500) {
            report.serverErrors++;
            report.example("5xx", r + " -> " + a.status() + " " + clip(a.bodyText()));
        } else if (a.status() == 400 && r.refusedByCodec() && a.header("Content-Type") == null && a.body().length == 0) {
            report.codecRefusals++;
        } else if (a.status() >= 400) {
            // A HEAD answer has no body, by definition: its Content-Type still says what the body would be.
            List<String> wrong = r.method().equals("HEAD")
                    ? (String.valueOf(a.header("Content-Type")).startsWith("application/problem+json") ? List.of()
                            : List.of("Content-Type is " + a.header("Content-Type")))
                    : ProblemShape.violations(a.status(), a.header("Content-Type"), a.body());
            if (!wrong.isEmpty()) {
                report.invalidProblems++;
                report.example("refusal not a valid problem", r + " -> " + a.status() + " " + wrong + " " + clip(a.bodyText()));
            } else if ((a.status() == 400 || a.status() == 422) && r.field() != null && !r.mayPass() && !r.method().equals("HEAD")
                    && !ProblemShape.names(ProblemShape.fields(a.body()), r.field())) {
                report.unnamedFields++;
                report.example("400/422 not naming the field", r + " -> " + a.status() + " named " + ProblemShape.fields(a.body())
                        + ", not " + r.field());
            }
        }
        return a;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after) {
        long sum = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            sum += Math.abs(e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return sum;
    }

    private static String changes(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> changed = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                changed.put(k, d);
            }
        });
        return changed.toString();
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 300 ? one : one.substring(0, 300) + "…";
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
