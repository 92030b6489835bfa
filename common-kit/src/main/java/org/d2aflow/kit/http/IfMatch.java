package org.d2aflow.kit.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.d2aflow.kit.domain.InvalidCommandException;

/**
 * The If-Match header of a change: the version of the resource the client based it on, as the ETag the API
 * sent ({@code "3"}, weak or strong, quotes optional). Absent or {@code *} means "whatever is current".
 */
public final class IfMatch {

    private static final Pattern VERSION = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*");

    private IfMatch() {
    }

    /** The expected version, or null when the header is absent or "*"; a malformed header is refused naming it. */
    public static Long expectedVersion(String header) {
        if (header == null || header.isBlank() || "*".equals(header.strip())) {
            return null;
        }
        Matcher m = VERSION.matcher(header);
        if (!m.matches()) {
            throw new InvalidCommandException("If-Match", "must be the ETag of the resource, e.g. \"3\"");
        }
        return Long.valueOf(m.group(1));
    }

    /** The ETag value for a version (JAX-RS adds the quotes). */
    public static String etag(long version) {
        return Long.toString(version);
    }
}
