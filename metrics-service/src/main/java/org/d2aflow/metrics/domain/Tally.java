package org.d2aflow.metrics.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Collects the cases of one figure: a ratio (numerator of denominator) and/or day values, overall and per group. */
final class Tally {

    final TreeSet<String> numerator = new TreeSet<>();
    final TreeSet<String> denominator = new TreeSet<>();
    final List<Integer> values = new ArrayList<>();
    final Map<String, long[]> ratioGroups = new TreeMap<>();
    final Map<String, List<Integer>> valueGroups = new TreeMap<>();
    final Map<String, TreeSet<String>> otherIds = new TreeMap<>();

    void ratio(String referralId, String group, boolean inNumerator) {
        denominator.add(referralId);
        long[] g = ratioGroups.computeIfAbsent(group, k -> new long[2]);
        g[1]++;
        if (inNumerator) {
            numerator.add(referralId);
            g[0]++;
        }
    }

    void value(String referralId, String group, int days) {
        denominator.add(referralId);
        values.add(days);
        valueGroups.computeIfAbsent(group, k -> new ArrayList<>()).add(days);
    }

    void note(String list, String referralId) {
        otherIds.computeIfAbsent(list, k -> new TreeSet<>()).add(referralId);
    }

    long noted(String list) {
        return otherIds.getOrDefault(list, new TreeSet<>()).size();
    }

    List<Figure.Group> ratioGroupList(FigureQuery q) {
        if (q.breakdown() == FigureQuery.Breakdown.NONE) {
            return null;
        }
        List<Figure.Group> groups = new ArrayList<>();
        ratioGroups.forEach((key, g) -> groups.add(new Figure.Group(key, g[0], g[1], Stats.ratio(g[0], g[1]), null)));
        return groups;
    }

    List<Figure.Group> valueGroupList(FigureQuery q, java.util.function.Function<List<Integer>, Map<String, Object>> measures) {
        if (q.breakdown() == FigureQuery.Breakdown.NONE) {
            return null;
        }
        List<Figure.Group> groups = new ArrayList<>();
        valueGroups.forEach((key, v) -> groups.add(new Figure.Group(key, null, null, null, measures.apply(v))));
        return groups;
    }

    Figure.DrillDown drillDown(boolean withNumerator) {
        Map<String, List<String>> other = new LinkedHashMap<>();
        otherIds.forEach((k, v) -> other.put(k, List.copyOf(v)));
        return new Figure.DrillDown(withNumerator ? List.copyOf(numerator) : null, List.copyOf(denominator), other);
    }
}
