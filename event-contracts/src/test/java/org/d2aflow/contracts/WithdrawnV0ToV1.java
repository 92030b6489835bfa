package org.d2aflow.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.d2aflow.contracts.referral.ReferralWithdrawn;

/**
 * A made-up earlier version of {@code referral.withdrawn}, whose reason was called {@code withdrawalReason},
 * to prove the upcasting mechanism; no such type was ever published.
 */
public final class WithdrawnV0ToV1 implements Upcaster {

    public static final String V0 = "d2a.referral.withdrawn.v0";

    @Override
    public String fromType() {
        return V0;
    }

    @Override
    public String toType() {
        return ReferralWithdrawn.TYPE;
    }

    @Override
    public ObjectNode upcast(ObjectNode oldBody) {
        oldBody.set("reason", oldBody.remove("withdrawalReason"));
        return oldBody;
    }

    /** A v0 body as it would sit on the log. */
    public static ObjectNode oldBody() {
        return JsonNodeFactory.instance.objectNode()
                .put("referralId", SampleEvents.REFERRAL_ID)
                .put("withdrawalReason", "Patient chose to stay with family");
    }

    /** An upcaster that only changes the type, for registry tests. */
    public static Upcaster renaming(String from, String to) {
        return new Upcaster() {
            @Override
            public String fromType() {
                return from;
            }

            @Override
            public String toType() {
                return to;
            }

            @Override
            public ObjectNode upcast(ObjectNode oldBody) {
                return oldBody;
            }
        };
    }
}
