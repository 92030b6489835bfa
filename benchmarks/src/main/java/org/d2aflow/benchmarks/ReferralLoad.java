package org.d2aflow.benchmarks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.d2aflow.simulator.model.NhsNumbers;

/**
 * A load of referral submissions: closed loop (a fixed number of clients, each sending POST /referrals and waiting
 * for the answer before the next) or open loop (a fixed arrival rate, {@link #openLoop}). Every request has its own NHS number from the synthetic test range and its own
 * Idempotency-Key. A warm-up phase runs first and is not counted.
 */
final class ReferralLoad {

    /** One acknowledged submission of the measured phase; times are System.nanoTime() of this JVM. */
    record Ack(String referralId, long sentNanos, long ackNanos) {
        long latencyNanos() {
            return ackNanos - sentNanos;
        }
    }

    record Result(List<Ack> acks, long errors, String firstError, double seconds, int clients, Client client) {
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

    /** The open loop's cap on outstanding requests (each holds a connection, so a file descriptor). */
    static final int MAX_IN_FLIGHT = 256;

    private static final String[] LOCALITIES = {"City North", "City South", "East", "North and West", "South", "West"};
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /**
     * The closed loop's HTTP client: {@code raw} ({@link RawHttp}: a blocking keep-alive socket per client thread, the
     * constant head pre-encoded) or {@code java} (java.net.http.HttpClient, shared by the threads). Both send the
     * same request and check every status; the open loop always uses java.net.http (it needs asynchronous sends).
     */
    enum Client {
        RAW, JAVA;

        static Client named(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--client must be raw or java: " + name);
            }
        }
    }

    private final String url;
    private final String bearer;
    private Client client = Client.RAW;
    private final AtomicLong serials;
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    /** {@code firstSerial} picks where in the test range this load's NHS numbers start. */
    ReferralLoad(String serviceUrl, long firstSerial) {
        this.url = serviceUrl + "/referrals";
        this.bearer = Api.coordinator();
        this.serials = new AtomicLong(firstSerial);
    }

    /** Which HTTP client the closed loop uses (raw by default). */
    ReferralLoad using(Client c) {
        this.client = c;
        return this;
    }

    Client client() {
        return client;
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
                    if (client == Client.RAW) {
                        rawLoop(end, random, mine, errors, firstError);
                    } else {
                        javaLoop(end, random, mine, errors, firstError);
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
        return new Result(all, errors.get(), firstError[0], seconds, clients, client);
    }

    private void javaLoop(long end, SplittableRandom random, List<Ack> mine, AtomicLong errors, String[] firstError) throws InterruptedException {
        while (System.nanoTime() < end) {
            HttpRequest request = request(random);
            long sent = System.nanoTime();
            try {
                HttpResponse<String> r = Api.client().send(request, HttpResponse.BodyHandlers.ofString());
                long ack = System.nanoTime();
                if (r.statusCode() == 201) {
                    mine.add(new Ack(referralId(r.headers().firstValue("Location").orElse("")), sent, ack));
                } else {
                    fail(errors, firstError, r.statusCode() + " " + r.body());
                }
            } catch (java.io.IOException e) {
                fail(errors, firstError, e.toString());
            }
        }
    }

    /** The same requests as {@link #javaLoop}, through one {@link RawHttp} connection of this thread. */
    private void rawLoop(long end, SplittableRandom random, List<Ack> mine, AtomicLong errors, String[] firstError) {
        try (RawHttp http = new RawHttp("POST", url, "Authorization", bearer, "Content-Type", "application/json")) {
            while (System.nanoTime() < end) {
                long serial = serials.getAndIncrement();
                byte[] body = body(serial, random).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                String key = idempotencyKey(serial);
                long sent = System.nanoTime();
                try {
                    RawHttp.Response r = http.send(body, "Idempotency-Key", key);
                    long ack = System.nanoTime();
                    if (r.status() == 201) {
                        mine.add(new Ack(referralId(r.location() == null ? "" : r.location()), sent, ack));
                    } else {
                        fail(errors, firstError, r.status() + " " + r.bodyText());
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    http.close(); // whatever was left of the response is not read: a new connection for the next request
                    fail(errors, firstError, e.toString());
                }
            }
        }
    }

    /**
     * An open-loop load: {@code rate} submissions a second for {@code length}, each sent at a time fixed in advance
     * (start + i / rate) whether or not earlier ones have been answered, so that a slow answer delays no later
     * request and latency, measured from the scheduled time, includes any wait for the sender (no coordinated
     * omission). At most {@link #MAX_IN_FLIGHT} requests are outstanding (each holds a connection): a send that
     * would exceed it is not made and counts as an error.
     */
    OpenResult openLoop(double rate, Duration length, String phase) throws InterruptedException {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive: " + rate);
        }
        long count = Math.max(1, Math.round(rate * length.toNanos() / 1e9));
        double interval = 1e9 / rate;
        Queue<Ack> acks = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        String[] firstError = new String[1];
        long overLimit = 0;
        long maxLag = 0;
        SplittableRandom random = new SplittableRandom(serials.get());
        Report.progress("%s: open loop, %,.0f submissions/s for %ds (%,d scheduled)", phase, rate, length.toSeconds(), count);
        long start = System.nanoTime() + 1_000_000;
        long nextProgress = start + 5_000_000_000L;
        for (long i = 0; i < count; i++) {
            long at = start + (long) (i * interval);
            long now;
            while ((now = System.nanoTime()) < at) {
                LockSupport.parkNanos(at - now);
            }
            maxLag = Math.max(maxLag, now - at);
            if (now >= nextProgress) {
                nextProgress += 5_000_000_000L;
                Report.progress("%s: %,d sent, %,d acknowledged, %,d errors, %,d in flight", phase, i, acks.size(), errors.get(), inFlight.get());
            }
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                overLimit++;
                fail(errors, firstError, "not sent: " + MAX_IN_FLIGHT + " requests already in flight");
                continue;
            }
            inFlight.incrementAndGet();
            Api.client().sendAsync(request(random), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                long ack = System.nanoTime();
                if (e != null) {
                    fail(errors, firstError, e.toString());
                } else if (r.statusCode() == 201) {
                    acks.add(new Ack(referralId(r.headers().firstValue("Location").orElse("")), at, ack));
                } else {
                    fail(errors, firstError, r.statusCode() + " " + r.body());
                }
                inFlight.decrementAndGet();
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long drainUntil = System.nanoTime() + 60_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        return new OpenResult(List.copyOf(acks), count, errors.get(), firstError[0], overLimit, inFlight.get(), seconds, rate, maxLag);
    }

    /** The requests still outstanding after a minute are counted in {@code unanswered}, not in {@code errors}. */
    record OpenResult(List<Ack> acks, long scheduled, long errors, String firstError, long overLimit, long unanswered, double seconds,
            double rate, long maxSendLagNanos) {
        double achieved() {
            return acks.size() / seconds;
        }

        /** Latency from each request's scheduled send time to its 201. */
        Percentiles latencyNanos() {
            return new Percentiles(acks.stream().mapToLong(Ack::latencyNanos).toArray());
        }

        String describe() {
            Percentiles l = latencyNanos();
            return String.format(Locale.ROOT, "load: open loop at %,.0f/s for %.1fs: %,d scheduled, %,d accepted (%,.1f/s achieved), %,d errors"
                    + "%s%s; latency from the scheduled send ms: p50 %.0f, p99 %.0f, max %.0f; sender late by up to %.1f ms", rate, seconds,
                    scheduled, acks.size(), achieved(), errors, overLimit == 0 ? "" : String.format(Locale.ROOT, " (%,d not sent: in-flight cap)", overLimit),
                    unanswered == 0 ? "" : String.format(Locale.ROOT, ", %,d unanswered", unanswered), l.at(50) / 1e6, l.at(99) / 1e6,
                    l.max() / 1e6, maxSendLagNanos / 1e6)
                    + (firstError == null ? "" : "; first error: " + firstError);
        }
    }

    private HttpRequest request(SplittableRandom random) {
        long serial = serials.getAndIncrement();
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Authorization", bearer)
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey(serial))
                .POST(HttpRequest.BodyPublishers.ofString(body(serial, random))).build();
    }

    private String idempotencyKey(long serial) {
        return "bench-" + run + "-" + serial;
    }

    private static String referralId(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
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
