package org.d2aflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Claims on one care service, each for its own waiting referral; once more than {@code active} claims hold units,
 * the oldest is released, so the service's history grows by a claim and a release per claim while its occupancy
 * stays steady.
 */
final class ClaimLoad {

    record Fill(int claims, long errors, double seconds) {
    }

    /** Claim latencies (request to answer, this JVM's monotonic clock) of claims made with {@code earlierClaims} before them. */
    record Sample(int earlierClaims, long[] latencyNanos, long errors, String firstError, double seconds, int clients) {
    }

    private static final int MAX_ERRORS = 100;

    private final CapacityApi api;
    private final String serviceId;
    private final List<String> referrals;
    private final int active;
    private final AtomicInteger nextReferral = new AtomicInteger();
    private final AtomicInteger claimed = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> holding = new ConcurrentLinkedQueue<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    ClaimLoad(CapacityApi api, String serviceId, List<String> referrals, int active) {
        this.api = api;
        this.serviceId = serviceId;
        this.referrals = referrals;
        this.active = active;
    }

    /** Claims until {@code total} claims have been made on the service (by this load), with {@code clients} in parallel. */
    Fill fill(int clients, int total) throws InterruptedException {
        int before = claimed.get();
        long errorsBefore = errors.get();
        Report.progress("claims: filling the history from %,d to %,d claims with %d clients", before, total, clients);
        long start = System.nanoTime();
        run(clients, total, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        Report.progress("claims: %,d claims made in %.1fs (%,.0f/s)", claimed.get() - before, seconds, (claimed.get() - before) / seconds);
        return new Fill(claimed.get() - before, errors.get() - errorsBefore, seconds);
    }

    /** Times {@code count} claims; {@code earlier} is the number of claims on the service before them. */
    Sample measure(int clients, int count, int earlier) throws InterruptedException {
        if (claimed.get() != earlier) {
            throw new IllegalStateException("expected " + earlier + " earlier claims, found " + claimed.get());
        }
        long errorsBefore = errors.get();
        firstError.set(null);
        Report.progress("claims: timing %,d claims with %,d earlier ones, %d client(s)", count, earlier, clients);
        List<long[]> timings = new ArrayList<>();
        long start = System.nanoTime();
        run(clients, earlier + count, timings);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = timings.stream().flatMapToLong(java.util.Arrays::stream).filter(n -> n > 0).toArray();
        Report.progress("claims: %,d timed in %.1fs", all.length, seconds);
        return new Sample(earlier, all, errors.get() - errorsBefore, firstError.get(), seconds, clients);
    }

    /** Releases every claim still held (the warm-up service's, so that it holds nothing while the other is measured). */
    void releaseAll() {
        String claim;
        while ((claim = holding.poll()) != null) {
            api.release(serviceId, claim);
        }
    }

    private void run(int clients, int total, List<long[]> timings) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(clients);
        AtomicInteger reserved = new AtomicInteger(claimed.get());
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] mine = timings == null ? null : new long[total - claimed.get()];
            if (timings != null) {
                timings.add(mine);
            }
            Thread t = new Thread(() -> {
                int n = 0;
                try {
                    while (reserved.getAndIncrement() < total) {
                        int i = nextReferral.getAndIncrement();
                        if (i >= referrals.size()) {
                            throw new IllegalStateException("ran out of waiting referrals after " + i);
                        }
                        long sent = System.nanoTime();
                        CapacityApi.Answer a;
                        try {
                            a = api.claim(serviceId, referrals.get(i));
                        } catch (RuntimeException e) {
                            // A request that failed on the way (a timeout) is an error like a refusal, not the end of the client.
                            a = new CapacityApi.Answer(-1, null, e.toString());
                        }
                        long took = System.nanoTime() - sent;
                        if (a.status() != 201) {
                            // Another referral takes the slot; a run that keeps failing stops.
                            fail(a.status() + " " + a.body());
                            reserved.decrementAndGet();
                            if (errors.get() > MAX_ERRORS) {
                                throw new IllegalStateException("more than " + MAX_ERRORS + " claims failed; first: " + firstError.get());
                            }
                            continue;
                        }
                        claimed.incrementAndGet();
                        if (mine != null) {
                            mine[n++] = took;
                        }
                        holding.add(a.claimId());
                        // Not timed: the oldest claim beyond the steady occupancy is given back.
                        while (holding.size() > active) {
                            String oldest = holding.poll();
                            if (oldest != null) {
                                try {
                                    int status = api.release(serviceId, oldest);
                                    if (status != 200) {
                                        fail("release answered " + status);
                                    }
                                } catch (RuntimeException e) {
                                    fail("release failed: " + e);
                                }
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    fail(e.toString());
                } finally {
                    done.countDown();
                }
            }, "claim-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        while (!done.await(5, TimeUnit.SECONDS)) {
            double s = (System.nanoTime() - start) / 1e9;
            Report.progress("claims: %,d of %,d made, %,d errors (%.0fs)", claimed.get(), total, errors.get(), s);
        }
    }

    private void fail(String what) {
        if (errors.getAndIncrement() == 0 || firstError.get() == null) {
            firstError.compareAndSet(null, what);
        }
    }
}
