package org.d2aflow.system;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Field-by-field comparison of what the oracle expects with what metrics-service answered: every field the oracle
 * gives must be in the answer with the same value (numbers compared as decimals, so 2 equals 2.0); groups, series rows
 * and waiting-list rows are matched by their key, lists of referral ids as sets. Each difference is one line naming
 * the query, the path, and both values.
 */
final class FigureDiff {

    private static final int IDS_SHOWN = 8;
    /** Maps whose keys the oracle lists in full (an empty list of ids may be left out): a key it does not have is a difference. */
    private static final List<String> CLOSED = List.of("/statuses", "/endReasons", "/bands");

    private FigureDiff() {
    }

    static List<String> of(String where, JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare(where, "", expected, actual, out);
        return out;
    }

    private static void compare(String where, String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                out.add(where + " " + path + ": metrics " + actual + ", oracle an object " + abbreviate(expected));
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                compare(where, path + "/" + e.getKey(), e.getValue(), actual.path(e.getKey()), out);
            }
            if (CLOSED.stream().anyMatch(path::endsWith)) {
                actual.fieldNames().forEachRemaining(k -> {
                    if (!expected.has(k)) {
                        out.add(where + " " + path + "/" + k + ": only in metrics: " + actual.get(k));
                    }
                });
            }
        } else if (expected.isArray()) {
            if (actual.isMissingNode() && expected.isEmpty()) {
                return;
            }
            if (!actual.isArray()) {
                out.add(where + " " + path + ": metrics " + abbreviate(actual) + ", oracle " + abbreviate(expected));
            } else if (!expected.isEmpty() && expected.get(0).isObject() || !actual.isEmpty() && actual.get(0).isObject()) {
                rows(where, path, expected, actual, out);
            } else {
                ids(where, path, expected, actual, out);
            }
        } else if (!same(expected, actual)) {
            out.add(where + " " + path + ": metrics " + (actual.isMissingNode() ? "(absent)" : actual) + ", oracle " + expected);
        }
    }

    private static boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNull()) {
            return actual.isNull() || actual.isMissingNode();
        }
        if (expected.isNumber()) {
            return actual.isNumber() && new BigDecimal(expected.asText()).compareTo(new BigDecimal(actual.asText())) == 0;
        }
        return expected.equals(actual);
    }

    /** Rows matched by their identity; rows the oracle does not know of are differences, except for other tests' services. */
    private static void rows(String where, String path, JsonNode expected, JsonNode actual, List<String> out) {
        Map<String, JsonNode> want = index(expected);
        Map<String, JsonNode> got = index(actual);
        boolean othersAllowed = path.endsWith("/services");
        for (Map.Entry<String, JsonNode> e : want.entrySet()) {
            JsonNode a = got.get(e.getKey());
            if (a == null) {
                out.add(where + " " + path + "[" + e.getKey() + "]: absent from metrics, oracle " + abbreviate(e.getValue()));
            } else {
                compare(where, path + "[" + e.getKey() + "]", e.getValue(), a, out);
            }
        }
        if (!othersAllowed) {
            got.keySet().stream().filter(k -> !want.containsKey(k))
                    .forEach(k -> out.add(where + " " + path + "[" + k + "]: only in metrics: " + abbreviate(got.get(k))));
        }
    }

    private static Map<String, JsonNode> index(JsonNode rows) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            String id;
            if (r.has("key")) {
                id = r.get("key").asText();
            } else if (r.has("date")) {
                id = r.get("date").asText();
            } else if (r.has("serviceId")) {
                id = r.get("serviceId").asText();
            } else if (r.has("serviceType") && r.has("locality")) {
                id = r.get("serviceType").asText() + "|" + r.get("locality").asText();
            } else {
                id = "#" + out.size();
            }
            out.put(id, r);
        }
        return out;
    }

    /** Lists of referral ids, compared as sets, naming the ids on one side only. */
    private static void ids(String where, String path, JsonNode expected, JsonNode actual, List<String> out) {
        TreeSet<String> want = new TreeSet<>();
        expected.forEach(n -> want.add(n.asText()));
        TreeSet<String> got = new TreeSet<>();
        actual.forEach(n -> got.add(n.asText()));
        if (!want.equals(got)) {
            TreeSet<String> onlyMetrics = new TreeSet<>(got);
            onlyMetrics.removeAll(want);
            TreeSet<String> onlyOracle = new TreeSet<>(want);
            onlyOracle.removeAll(got);
            out.add(where + " " + path + ": " + got.size() + " ids in metrics, " + want.size() + " in the oracle; only in metrics "
                    + first(onlyMetrics) + ", only in the oracle " + first(onlyOracle));
        }
    }

    private static String first(TreeSet<String> ids) {
        return ids.size() <= IDS_SHOWN ? ids.toString() : new ArrayList<>(ids).subList(0, IDS_SHOWN) + " and " + (ids.size() - IDS_SHOWN) + " more";
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
