package org.d2aflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopicsTest {

    private static final Map<String, String> TOPIC_BY_TYPE_PREFIX = Map.of(
            "d2a.referral.", Topics.REFERRALS,
            "d2a.capacity.", Topics.CAPACITY,
            "d2a.placement.", Topics.PLACEMENTS,
            "d2a.figure.", Topics.FIGURES,
            "d2a.escalation.", Topics.ESCALATION,
            "d2a.return.", Topics.RETURNS);

    @Test
    void listsEveryTopicOnceWithOnlyTheFiguresCompacted() {
        assertThat(Topics.ALL).containsExactly(
                new TopicSpec("d2a.referrals", false),
                new TopicSpec("d2a.capacity", false),
                new TopicSpec("d2a.placements", false),
                new TopicSpec("d2a.figures", true),
                new TopicSpec("d2a.dead-letter", false),
                new TopicSpec("d2a.escalation", false),
                new TopicSpec("d2a.returns", false));
    }

    static java.util.stream.Stream<String> allTypes() {
        return SampleEvents.allTypes();
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void eventGoesToTheTopicOfItsFamily(String type) {
        String expected = TOPIC_BY_TYPE_PREFIX.entrySet().stream()
                .filter(entry -> type.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow();

        assertThat(Topics.topicFor(SampleEvents.sampleOf(type))).isEqualTo(expected);
    }
}
