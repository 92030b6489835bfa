package org.d2aflow.metrics.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.escalation.EscalationLevelChanged;
import org.d2aflow.metrics.config.EscalationConfig;
import org.d2aflow.metrics.domain.EscalationReadings;
import org.d2aflow.metrics.query.LiveReadings;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicReader;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two escalation evaluators sharing the real broker, as two replicas of metrics-service would: both evaluate the same
 * figures, but only the holder of the lease writes each level change to d2a.escalation and sends its webhook. When the
 * holder stops, the other takes the lease over within seconds, continues from the last written level, and the next change
 * is written once. The evaluators have their own system key and lease group, so the application's own evaluator and the
 * other tests stay out of it; the thresholds are {@link EscalationSurgeProfile}'s (20 / 40 / 60, margin 5, 8 s hold).
 */
@QuarkusTest
@TestProfile(EscalationSurgeProfile.class)
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class EscalationLeaseOnTheBrokerTest {

    private static final Duration HAND_OVER_WITHIN = Duration.ofSeconds(15);

    @Inject
    EscalationConfig appConfig;

    @Inject
    EscalationLog log;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private final String system = "lease-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String group = "lease-test-" + UUID.randomUUID();

    @Test
    void onlyTheLeaseHolderWritesEachChangeAndTheOtherTakesOverWhenItStops() throws Exception {
        RecordingNotifier webhookA = new RecordingNotifier();
        RecordingNotifier webhookB = new RecordingNotifier();
        EscalationService a = evaluator(webhookA);
        EscalationService b = evaluator(webhookB);
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> a.writing() || b.writing());

            // A surge seen by both: each level change is written and notified once, by whichever holds the lease (the
            // second member joining the group can move the lease, which must not lose or repeat a change either).
            for (int[] step : new int[][] {{25, 2}, {45, 3}, {62, 4}}) {
                awaitLevel(step[0], step[1], a, b);
                assertThat(a.writing() && b.writing()).as("both write").isFalse();
            }
            assertThat(levelChanges()).containsExactly("1->2", "2->3", "3->4");
            assertThat(notified(webhookA, webhookB)).containsExactly(2, 3, 4);

            // The writer stops: the other takes the lease over and continues from level 4, the last level written.
            await().atMost(Duration.ofSeconds(20)).until(() -> a.writing() || b.writing());
            EscalationService leader = a.writing() ? a : b;
            EscalationService other = leader == a ? b : a;
            RecordingNotifier otherHooks = leader == a ? webhookB : webhookA;
            int otherBefore = otherHooks.levels.size();
            Instant stopped = Instant.now();
            leader.close();
            await().atMost(HAND_OVER_WITHIN).pollInterval(Duration.ofMillis(100)).until(other::writing);
            Duration handOver = Duration.between(stopped, Instant.now());
            System.out.println("Escalation lease handed over in " + handOver.toMillis() + " ms");
            assertThat(other.status().level()).isEqualTo(4);

            // Recovery after the hold: the new writer writes 4 -> 1 once, and only it notifies.
            awaitLevel(10, 1, other);
            assertThat(levelChanges()).containsExactly("1->2", "2->3", "3->4", "4->1");
            assertThat(notified(webhookA, webhookB)).containsExactly(1, 2, 3, 4);
            assertThat(otherHooks.levels.subList(otherBefore, otherHooks.levels.size())).containsExactly(1);
        } finally {
            a.close();
            b.close();
        }
    }

    /** Feeds the figure to every evaluator (as each replica's own snapshots would) until all are at the level. */
    private void awaitLevel(int figure, int level, EscalationService... evaluators) {
        await().atMost(Duration.ofSeconds(EscalationSurgeProfile.HOLD_SECONDS + 20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Instant now = Instant.now();
            LiveReadings r = new LiveReadings(now, Map.of(EscalationReadings.PAST_DISCHARGE_READY_DATE, (double) figure), now);
            boolean all = true;
            for (EscalationService e : evaluators) {
                e.onReadings(r);
                all &= e.status().level() == level;
            }
            return all;
        });
    }

    /** The levels notified by all evaluators together, in order of level. */
    private static List<Integer> notified(RecordingNotifier... notifiers) {
        return java.util.Arrays.stream(notifiers).flatMap(n -> n.levels.stream()).sorted().toList();
    }

    private List<String> levelChanges() {
        // Read for a few seconds more than needed, so that a duplicate written late would be seen.
        return TopicReader.read(Topics.ESCALATION, system, Duration.ofSeconds(4), l -> false).stream()
                .map(r -> r.value().event()).filter(EscalationLevelChanged.class::isInstance).map(EscalationLevelChanged.class::cast)
                .map(c -> c.previousLevel() + "->" + c.level()).toList();
    }

    private EscalationService evaluator(WebhookNotifier webhook) {
        EscalationService s = new EscalationService();
        s.config = new LeaseTestConfig(appConfig, system, group);
        s.log = log;
        s.webhook = webhook;
        s.json = json;
        s.clock = clock;
        s.start(null);
        return s;
    }

    /** Records the level of each notification instead of sending it. */
    static final class RecordingNotifier extends WebhookNotifier {
        final List<Integer> levels = new CopyOnWriteArrayList<>();

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public void notify(String body, String eventId) {
            try {
                levels.add(new ObjectMapper().readTree(body).path("data").path("level").asInt());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The application's escalation settings with this test's system key, lease group and the broker's shortest session. */
    record LeaseTestConfig(EscalationConfig app, String system, String group) implements EscalationConfig {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Duration hold() {
            return app.hold();
        }

        @Override
        public Duration checkInterval() {
            return app.checkInterval();
        }

        @Override
        public Map<String, Trigger> triggers() {
            return app.triggers();
        }

        @Override
        public Webhook webhook() {
            return app.webhook();
        }

        @Override
        public Lead lead() {
            return new Lead() {
                @Override
                public String group() {
                    return group;
                }

                @Override
                public Duration sessionTimeout() {
                    return Duration.ofSeconds(6);
                }
            };
        }
    }
}
