package org.d2aflow.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);

    @Test
    void aNewClientMayMakeItsBurstAtOnceAndIsThenToldHowLongToWait() {
        TokenBuckets buckets = new TokenBuckets(2, 5, 100, now::get);

        for (int i = 0; i < 5; i++) {
            assertThat(buckets.take("alice")).as("request %d of the burst", i + 1).isZero();
        }
        assertThat(buckets.take("alice")).isCloseTo(SECOND / 2, within(2L));
        now.addAndGet(SECOND / 5);
        assertThat(buckets.take("alice")).isCloseTo(SECOND / 2 - SECOND / 5, within(2L));
    }

    @Test
    void tokensComeBackAtTheRateAndNeverBeyondTheBurst() {
        TokenBuckets buckets = new TokenBuckets(2, 3, 100, now::get);
        for (int i = 0; i < 3; i++) {
            buckets.take("alice");
        }
        now.addAndGet(SECOND);
        assertThat(buckets.take("alice")).isZero();
        assertThat(buckets.take("alice")).isZero();
        assertThat(buckets.take("alice")).isPositive();

        now.addAndGet(3600 * SECOND);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("alice")).isZero();
        }
        assertThat(buckets.take("alice")).as("an hour idle refills to the burst, no more").isPositive();
    }

    @Test
    void clientsHaveTheirOwnBuckets() {
        TokenBuckets buckets = new TokenBuckets(1, 2, 100, now::get);
        buckets.take("alice");
        buckets.take("alice");
        assertThat(buckets.take("alice")).isPositive();

        assertThat(buckets.take("bob")).isZero();
        assertThat(buckets.take("bob")).isZero();
    }

    @Test
    void aSlowRateAsksForAWaitOfSeveralSeconds() {
        TokenBuckets buckets = new TokenBuckets(0.1, 1, 100, now::get);
        assertThat(buckets.take("alice")).isZero();
        assertThat(buckets.take("alice")).isCloseTo(10 * SECOND, within(2L));
    }

    @Test
    void bucketsThatHaveRefilledAreForgottenAtTheNextSweep() {
        TokenBuckets buckets = new TokenBuckets(10, 5, 100, now::get);
        buckets.take("alice");
        buckets.take("bob");
        for (int i = 0; i < 5; i++) {
            buckets.take("carol");
        }
        assertThat(buckets.clients()).isEqualTo(3);

        // A sweep runs at most once a second; carol's empty bucket needs half a second to refill, the others 0.1 s.
        now.addAndGet(SECOND + SECOND / 10);
        buckets.take("dave");
        assertThat(buckets.clients()).as("alice, bob and carol had refilled; dave is new").isEqualTo(1);
    }

    @Test
    void aForgottenClientStartsAgainWithExactlyWhatItWouldHaveHad() {
        TokenBuckets buckets = new TokenBuckets(1, 3, 100, now::get);
        for (int i = 0; i < 3; i++) {
            buckets.take("alice");
        }
        now.addAndGet(5 * SECOND);
        buckets.take("bob");
        assertThat(buckets.clients()).isEqualTo(1);

        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("alice")).isZero();
        }
        assertThat(buckets.take("alice")).isPositive();
    }

    @Test
    void aBucketStillRefillingIsKeptBySweeps() {
        TokenBuckets buckets = new TokenBuckets(1, 10, 100, now::get);
        for (int i = 0; i < 10; i++) {
            buckets.take("alice");
        }
        now.addAndGet(2 * SECOND);
        buckets.take("bob");
        assertThat(buckets.clients()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(buckets.take("alice")).isZero();
        }
        assertThat(buckets.take("alice")).as("the sweep did not hand alice a fresh burst").isPositive();
    }

    @Test
    void aFloodOfDistinctClientsSharesOneOverflowBucketAndHoldsNoMoreThanTheLimit() {
        TokenBuckets buckets = new TokenBuckets(1, 2, 3, now::get);
        for (String client : List.of("a", "b", "c")) {
            assertThat(buckets.take(client)).isZero();
        }
        int allowed = 0;
        for (int i = 0; i < 100_000; i++) {
            if (buckets.take("flood-" + i) == 0) {
                allowed++;
            }
        }
        assertThat(buckets.clients()).isEqualTo(3);
        assertThat(allowed).as("the flood got one burst between them").isEqualTo(2);
        assertThat(buckets.take("a")).as("clients already known keep their own bucket").isZero();
    }

    @Test
    void roomFreedBySweepingGoesToNewClients() {
        TokenBuckets buckets = new TokenBuckets(1, 2, 2, now::get);
        buckets.take("a");
        buckets.take("b");
        assertThat(buckets.take("c")).isZero();
        assertThat(buckets.clients()).isEqualTo(2);

        now.addAndGet(2 * SECOND);
        buckets.take("c");
        assertThat(buckets.clients()).as("a and b refilled and were forgotten; c has a bucket of its own").isEqualTo(1);
    }

    @Test
    void refusesALimitThatCouldNeverLetAnythingThrough() {
        assertThatThrownBy(() -> new TokenBuckets(0, 5, 10, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBuckets(1, 0, 10, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBuckets(1, 5, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthProbePathsAreExemptAndLookalikesAreNot() {
        List<String> exempt = List.of("/q/health");
        assertThat(RateLimits.isExempt("/q/health", exempt)).isTrue();
        assertThat(RateLimits.isExempt("/q/health/ready", exempt)).isTrue();
        assertThat(RateLimits.isExempt("/q/healthy", exempt)).isFalse();
        assertThat(RateLimits.isExempt("/referrals", exempt)).isFalse();
        assertThat(RateLimits.isExempt(null, exempt)).isFalse();
    }
}
