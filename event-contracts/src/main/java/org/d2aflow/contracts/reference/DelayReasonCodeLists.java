package org.d2aflow.contracts.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.d2aflow.contracts.referral.DelayReasonRecorded;

/**
 * The code lists of reasons for delay known to a service: the default list shipped in this jar (the 2023 acute
 * situation report's 18 categories, {@value #DEFAULT_LIST_ID} version 1) plus any list files loaded from a directory at
 * start-up. A list file is JSON: {@code listId}, {@code version}, {@code title}, {@code source} (URL), optional
 * {@code note}, {@code validFrom}, optional {@code validTo} (dates) and {@code codes} (an array of {@code code} and
 * {@code label}). Every file is checked; a bad one is an {@link IllegalArgumentException} naming the file and field,
 * and the same list id and version twice is refused.
 */
public final class DelayReasonCodeLists {

    /** The default list's id. */
    public static final String DEFAULT_LIST_ID = "acute-sitrep-2023";

    /** The resource of the default list in this jar. */
    public static final String DEFAULT_RESOURCE = "/reference/delay-reasons/acute-sitrep-2023.v1.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, DelayReasonCodeList> lists;

    private DelayReasonCodeLists(List<DelayReasonCodeList> all) {
        Map<String, DelayReasonCodeList> byKey = new LinkedHashMap<>();
        all.stream().sorted(Comparator.comparing(DelayReasonCodeList::listId).thenComparingInt(DelayReasonCodeList::version))
                .forEach(l -> {
                    if (byKey.putIfAbsent(key(l.listId(), l.version()), l) != null) {
                        throw new IllegalArgumentException("code list " + l.listId() + " version " + l.version() + " is given twice");
                    }
                });
        lists = byKey;
    }

    /** The default list only. */
    public static DelayReasonCodeLists defaults() {
        return new DelayReasonCodeLists(List.of(defaultList()));
    }

    /** The default list and every {@code *.json} file in {@code directory} (none when the directory is null). */
    public static DelayReasonCodeLists withDirectory(Path directory) {
        List<DelayReasonCodeList> all = new ArrayList<>();
        all.add(defaultList());
        if (directory != null) {
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("delay reason code list directory " + directory + " is not a directory");
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(f)) {
                        all.add(parse(in, f.toString()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read delay reason code lists in " + directory, e);
            }
        }
        return new DelayReasonCodeLists(all);
    }

    /** Every list, by id then version. */
    public List<DelayReasonCodeList> all() {
        return List.copyOf(lists.values());
    }

    public Optional<DelayReasonCodeList> find(String listId, int version) {
        return Optional.ofNullable(lists.get(key(listId, version)));
    }

    /** The highest version of a list. */
    public Optional<DelayReasonCodeList> latest(String listId) {
        return lists.values().stream().filter(l -> l.listId().equals(listId)).reduce((a, b) -> b);
    }

    private static String key(String listId, int version) {
        return listId + "@" + version;
    }

    private static DelayReasonCodeList defaultList() {
        try (InputStream in = DelayReasonCodeLists.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default delay reason list " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            return parse(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and checks one list file; {@code name} names it in errors. */
    public static DelayReasonCodeList parse(InputStream in, String name) {
        JsonNode n;
        try {
            n = JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": not valid JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(name + ": must be a JSON object");
        }
        String listId = text(n, "listId", name);
        if (!DelayReasonRecorded.LIST_ID.matcher(listId).matches()) {
            throw new IllegalArgumentException(name + ": listId must match " + DelayReasonRecorded.LIST_ID.pattern());
        }
        JsonNode v = n.get("version");
        if (v == null || !v.isInt() || v.intValue() < 1) {
            throw new IllegalArgumentException(name + ": version must be a whole number from 1");
        }
        String source = text(n, "source", name);
        URI uri;
        try {
            uri = URI.create(source);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + ": source must be an http(s) URL");
        }
        LocalDate validFrom = date(n, "validFrom", name, true);
        LocalDate validTo = date(n, "validTo", name, false);
        if (validTo != null && validTo.isBefore(validFrom)) {
            throw new IllegalArgumentException(name + ": validTo must not be before validFrom");
        }
        JsonNode codes = n.get("codes");
        if (codes == null || !codes.isArray() || codes.isEmpty()) {
            throw new IllegalArgumentException(name + ": codes must be a non-empty array");
        }
        List<DelayReasonCodeList.Code> list = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            String where = "codes[" + i + "].";
            String code = text(codes.get(i), "code", name + ": " + where);
            String label = text(codes.get(i), "label", name + ": " + where);
            if (code.length() > 16 || !code.equals(code.strip())) {
                throw new IllegalArgumentException(name + ": " + where + "code must be at most 16 characters without surrounding spaces");
            }
            if (!seen.add(code)) {
                throw new IllegalArgumentException(name + ": " + where + "code '" + code + "' is given twice");
            }
            list.add(new DelayReasonCodeList.Code(code, label));
        }
        JsonNode note = n.get("note");
        return new DelayReasonCodeList(listId, v.intValue(), text(n, "title", name), source,
                note == null || note.isNull() ? "" : note.asText(), validFrom, validTo, list);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode f = n == null ? null : n.get(field);
        if (f == null || !f.isTextual() || f.asText().isBlank()) {
            throw new IllegalArgumentException(where + (where.endsWith(".") ? "" : ": ") + field + " is required (text)");
        }
        return f.asText();
    }

    private static LocalDate date(JsonNode n, String field, String where, boolean required) {
        JsonNode f = n.get(field);
        if (f == null || f.isNull()) {
            if (required) {
                throw new IllegalArgumentException(where + ": " + field + " is required (yyyy-MM-dd)");
            }
            return null;
        }
        try {
            return LocalDate.parse(f.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": " + field + " must be a date (yyyy-MM-dd)");
        }
    }
}
