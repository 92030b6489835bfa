package org.d2aflow.placement.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.d2aflow.kit.domain.InvalidCommandException;

/** Reads the If-Match header: the placement version the client last saw, as the ETag this API sends ("1"). */
final class IfMatch {

    private static final Pattern ETAG = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*");

    private IfMatch() {
    }

    /** The expected version, or null when the header is absent or "*". */
    static Long expectedVersion(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        Matcher m = ETAG.matcher(header);
        if (!m.matches()) {
            throw new InvalidCommandException("If-Match", "must be the ETag of the placement, e.g. \"1\"");
        }
        return Long.valueOf(m.group(1));
    }

    static String etag(long version) {
        return Long.toString(version);
    }
}
