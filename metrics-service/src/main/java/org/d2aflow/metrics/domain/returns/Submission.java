package org.d2aflow.metrics.domain.returns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A return as submitted: which return, for which period as known at which instant, under which layout, the SHA-256 of the
 * CSV bytes, when it was recorded on d2a.returns and by whom. Enough to regenerate the same bytes and prove they are.
 */
public record Submission(String id, String name, String period, Instant asKnownAt, String layoutVersion, String sha256, Instant recordedAt,
        String submittedBy) {

    /** The SHA-256 of the text's UTF-8 bytes, as 64 lower-case hex digits. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
