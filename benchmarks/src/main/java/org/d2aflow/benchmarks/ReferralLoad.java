package org.d2aflow.benchmarks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.d2aflow.simulator.model.NhsNumbers;

/**
 * A closed-loop load of referral submissions: a fixed number of clients, each sending POST /referrals and waiting
 * for the answer before the next. Every request has its own NHS number from the synthetic test range and its own
 * Idempotency-Key. A warm-up phase runs first and is not counted.
 */
final class ReferralLoad {

    /** One acknowledged submission of the measured phase; times are System.nanoTime() of this JVM. */
    record Ack(String referralId, long sentNanos, long ackNanos) {
        long latencyNanos() {
            return ackNanos - sentNanos;
        }
    }

    record Result(List<Ack> acks, long errors, String firstError, double seconds, int clients) {
        double throughput() {
            return acks.size() / seconds;
        }

        Percentiles latencyNanos() {
            long[] nanos = new long[acks.size()];
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] = acks.get(i).latencyNanos();
            }
            return new Percentiles(nanos);
        }
    }

    private static final String[] LOCALITIES = {"City North", "City South", "East", "North and West", "South", "West"};
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final String url;
    private final String bearer;
    private final AtomicLong serials;
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    /** {@code firstSerial} picks where in the test range this load's NHS numbers start. */
    ReferralLoad(String serviceUrl, long firstSerial) {
        this.url = serviceUrl + "/referrals";
        this.bearer = Api.coordinator();
        this.serials = new AtomicLong(firstSerial);
    }

    /** Distinct serials give distinct numbers only up to the size of the test range. */
    static long capacity() {
        return NhsNumbers.count();
    }

    Result run(int clients, Duration warmup, Duration measure) throws InterruptedException {
        warmUp(clients, warmup);
        Report.progress("referrals: measuring, %d clients for %ds", clients, measure.toSeconds());
        return phase(clients, measure, true);
    }

    /** Load that is not counted: the JIT, the connection pools and the database's caches settle first. */
    void warmUp(int clients, Duration warmup) throws InterruptedException {
        if (!warmup.isZero()) {
            Report.progress("referrals: warm-up, %d clients for %ds (not counted)", clients, warmup.toSeconds());
            phase(clients, warmup, false);
        }
    }

    private Result phase(int clients, Duration length, boolean progress) throws InterruptedException {
        List<List<Ack>> perClient = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        String[] firstError = new String[1];
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        for (int c = 0; c < clients; c++) {
            List<Ack> mine = new ArrayList<>();
            perClient.add(mine);
            SplittableRandom random = new SplittableRandom(c * 7919L + serials.get());
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long serial = serials.getAndIncrement();
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                                .header("Authorization", bearer).header("Content-Type", "application/json")
                                .header("Idempotency-Key", "bench-" + run + "-" + serial)
                                .POST(HttpRequest.BodyPublishers.ofString(body(serial, random))).build();
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> r = Api.client().send(request, HttpResponse.BodyHandlers.ofString());
                            long ack = System.nanoTime();
                            if (r.statusCode() == 201) {
                                String location = r.headers().firstValue("Location").orElse("");
                                mine.add(new Ack(location.substring(location.lastIndexOf('/') + 1), sent, ack));
                            } else {
                                fail(errors, firstError, r.statusCode() + " " + r.body());
                            }
                        } catch (java.io.IOException e) {
                            fail(errors, firstError, e.toString());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "referral-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        while (!done.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
            if (progress) {
                long n = perClient.stream().mapToLong(List::size).sum();
                Report.progress("referrals: %,d acknowledged, %,d errors, %,.0f/s so far", n, errors.get(), n / ((System.nanoTime() - start) / 1e9));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Ack> all = new ArrayList<>();
        perClient.forEach(all::addAll);
        return new Result(all, errors.get(), firstError[0], seconds, clients);
    }

    private static synchronized void fail(AtomicLong errors, String[] first, String what) {
        if (errors.getAndIncrement() == 0) {
            first[0] = what;
        }
    }

    /** A plausible adult admission: date of birth 18-100 years before, admitted within the last 3 weeks. */
    private static String body(long serial, SplittableRandom random) {
        String nhs = NhsNumbers.formatted(NhsNumbers.forSerial(serial));
        LocalDate today = LocalDate.now(LONDON);
        LocalDate admission = today.minusDays(random.nextInt(21));
        LocalDate birth = admission.minusYears(18 + random.nextInt(82)).minusDays(random.nextInt(365));
        return "{\"nhsNumber\":\"" + nhs + "\",\"dateOfBirth\":\"" + birth + "\",\"sex\":\"" + (random.nextBoolean() ? "FEMALE" : "MALE")
                + "\",\"locality\":\"" + LOCALITIES[random.nextInt(LOCALITIES.length)] + "\",\"site\":\"County Hospital\",\"ward\":\"Ward "
                + (1 + random.nextInt(30)) + "\",\"admissionDate\":\"" + admission + "\",\"usualResidence\":\"PRIVATE_HOME\"}";
    }
}
