package org.d2aflow.contracts.returns;

import java.time.Instant;
import java.util.regex.Pattern;
import org.d2aflow.contracts.internal.Require;

/**
 * Someone submitted a national return: metrics-service generated it for a period as known at an instant and keeps what it
 * needs to regenerate the same bytes and prove they are the same. The submission's id is the CloudEvents id; when it was
 * recorded is the envelope's time.
 *
 * @param name          the return's name (the stream id), e.g. {@code drd-timeliness}
 * @param period        the period as the return names it, e.g. {@code 2024-03} or {@code 2024-25-Q1}
 * @param asKnownAt     the instant the return was generated as known at (to the microsecond)
 * @param layoutVersion the return's layout version when it was generated
 * @param sha256        the SHA-256 of the CSV bytes, 64 lower-case hex digits
 * @param submittedBy   who submitted it (the token's subject)
 */
public record ReturnSubmitted(String name, String period, Instant asKnownAt, String layoutVersion, String sha256, String submittedBy)
        implements ReturnEvent {

    public static final String TYPE = "d2a.return.submitted.v1";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ReturnSubmitted {
        Require.matching(name, NAME, "name");
        Require.text(period, "period");
        Require.present(asKnownAt, "asKnownAt");
        Require.text(layoutVersion, "layoutVersion");
        Require.matching(sha256, SHA256, "sha256");
        Require.text(submittedBy, "submittedBy");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
