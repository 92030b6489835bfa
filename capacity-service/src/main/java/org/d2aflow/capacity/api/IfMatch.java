package org.d2aflow.capacity.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.d2aflow.kit.domain.InvalidCommandException;

/**
 * The If-Match header of a change: the service version the client based it on, sent back as it was given in the
 * ETag ({@code "4"}, weak or strong). Absent or {@code *} means "whatever is current".
 */
final class IfMatch {

    private static final Pattern VERSION = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*");

    private IfMatch() {
    }

    static Long version(String header) {
        if (header == null || header.isBlank() || "*".equals(header.strip())) {
            return null;
        }
        Matcher m = VERSION.matcher(header);
        if (!m.matches()) {
            throw new InvalidCommandException("If-Match", "must be the ETag of the service, e.g. \"4\"");
        }
        return Long.valueOf(m.group(1));
    }

    static String etag(long version) {
        return Long.toString(version);
    }
}
