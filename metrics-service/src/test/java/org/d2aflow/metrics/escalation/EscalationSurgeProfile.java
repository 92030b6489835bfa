package org.d2aflow.metrics.escalation;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Escalation on a test scale: one trigger (patients past their discharge ready date: level 2 at 20, 3 at 40, 4 at 60,
 * margin 5), an 8 second hold, its own system key, frequent checks, and the webhook pointed at the in-test receiver.
 */
public class EscalationSurgeProfile implements QuarkusTestProfile {

    public static final String SYSTEM = "surge-test";
    public static final String SECRET = "a-test-secret-for-hmac";
    public static final int HOLD_SECONDS = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("d2a.escalation.system", SYSTEM);
        c.put("d2a.escalation.hold", HOLD_SECONDS + "s");
        c.put("d2a.escalation.check-interval", "1s");
        c.put("d2a.escalation.triggers.past-discharge-ready-date.level2", "20");
        c.put("d2a.escalation.triggers.past-discharge-ready-date.level3", "40");
        c.put("d2a.escalation.triggers.past-discharge-ready-date.level4", "60");
        c.put("d2a.escalation.triggers.past-discharge-ready-date.margin", "5");
        // Every other trigger off: other test classes share the broker, and only this figure is steered here.
        for (String other : new String[] {"home-first-waiting-list", "home-first-oldest-wait-days", "home-first-utilisation", "stranded"}) {
            for (String level : new String[] {"level2", "level3", "level4"}) {
                c.put("d2a.escalation.triggers." + other + "." + level, "");
            }
        }
        c.put("d2a.escalation.webhook.urls", WebhookReceiver.get().url());
        c.put("d2a.escalation.webhook.secret", SECRET);
        c.put("d2a.escalation.webhook.initial-backoff", "200ms");
        c.put("d2a.escalation.webhook.max-attempts", "4");
        return c;
    }
}
