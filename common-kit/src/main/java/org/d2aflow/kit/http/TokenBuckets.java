package org.d2aflow.kit.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One token bucket per client: a bucket holds up to {@code burst} tokens and gains {@code perSecond} of them a
 * second; a request takes one, or is told how long until there is one. Memory is bounded: a bucket that has
 * refilled to {@code burst} behaves exactly like a new one, so it is forgotten at the next sweep (at most one a
 * second, run by whichever request comes due); and at most {@code maxClients} buckets are held. A client first seen
 * while that many are held and none has refilled shares one overflow bucket with every other such client, so a flood
 * of distinct clients is limited together instead of growing the map.
 */
public final class TokenBuckets {

    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final int maxClients;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;
    private final AtomicLong nextSweep;

    /**
     * @param perSecond  tokens gained per second (sustained requests per second)
     * @param burst      tokens held at most (requests at once after an idle spell), at least 1
     * @param maxClients buckets held at most
     * @param nanos      a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their own)
     */
    public TokenBuckets(double perSecond, int burst, int maxClients, LongSupplier nanos) {
        if (!(perSecond > 0) || burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException("a rate limit needs perSecond > 0, burst >= 1 and maxClients >= 1");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.maxClients = maxClients;
        this.nanos = nanos;
        long now = nanos.getAsLong();
        this.overflow = new Bucket(this.burst, now);
        this.nextSweep = new AtomicLong(now + SWEEP_EVERY_NANOS);
    }

    /** Takes a token for {@code client}: 0 when the request may go, otherwise the nanoseconds until a token is there. */
    public long take(String client) {
        long now = nanos.getAsLong();
        boolean swept = sweepIfDue(now);
        while (true) {
            Bucket bucket = buckets.get(client);
            if (bucket == null) {
                if (buckets.size() >= maxClients && !swept) {
                    swept = sweepIfDue(now);
                }
                if (buckets.size() >= maxClients) {
                    return overflow.take(now, perNano, burst);
                }
                bucket = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
            }
            long wait = bucket.take(now, perNano, burst);
            if (wait >= 0) {
                return wait;
            }
            // The bucket was forgotten by a sweep between the lookup and the take: take from its successor.
        }
    }

    /** How many clients have a bucket now. */
    public int clients() {
        return buckets.size();
    }

    /** Forgets every bucket that has refilled, if a sweep is due; true when this call swept. */
    private boolean sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return false;
        }
        buckets.entrySet().removeIf(e -> e.getValue().forgetIfFull(now, perNano, burst));
        return true;
    }

    private static final class Bucket {
        private double tokens;
        private long last;
        private boolean forgotten;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        /** 0 if a token was taken, the wait in nanoseconds if none is there, -1 if this bucket was forgotten. */
        synchronized long take(long now, double perNano, double burst) {
            if (forgotten) {
                return -1;
            }
            refill(now, perNano, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
        }

        synchronized boolean forgetIfFull(long now, double perNano, double burst) {
            refill(now, perNano, burst);
            forgotten = tokens >= burst;
            return forgotten;
        }

        private void refill(long now, double perNano, double burst) {
            long elapsed = now - last;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * perNano);
                last = now;
            }
        }
    }
}
