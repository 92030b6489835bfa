package org.d2aflow.metrics.domain;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The CloudEvents ids already applied, so a redelivered event changes nothing. UUID ids (all of ours) are
 * kept as two longs in an open-addressing table, about 20 bytes each, because a rebuild of a large log holds
 * millions of them; any other id falls back to a plain set.
 */
final class SeenIds {

    private long[] table = new long[2 * 1024];
    private boolean[] used = new boolean[1024];
    private int size;
    private final Set<String> others = new HashSet<>();

    /** Adds the id; false when it was there already. */
    boolean add(String id) {
        UUID uuid;
        try {
            uuid = id.length() == 36 ? UUID.fromString(id) : null;
        } catch (IllegalArgumentException e) {
            uuid = null;
        }
        // Ids are compared as strings (CloudEvents): only the canonical lowercase form maps one-to-one onto the two
        // longs. UUID.fromString also accepts upper case and odd groupings ("100000000-000-..." parses to the same
        // value as "00000000-0000-..."), which would make two distinct ids look like one and drop an event.
        if (uuid != null && !uuid.toString().equals(id)) {
            uuid = null;
        }
        if (uuid == null) {
            return others.add(id);
        }
        if ((size + 1) * 4 > used.length * 3) {
            grow();
        }
        return insert(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    int size() {
        return size + others.size();
    }

    private boolean insert(long hi, long lo) {
        int mask = used.length - 1;
        int slot = (int) (mix(hi ^ lo) & mask);
        while (used[slot]) {
            if (table[2 * slot] == hi && table[2 * slot + 1] == lo) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        used[slot] = true;
        table[2 * slot] = hi;
        table[2 * slot + 1] = lo;
        size++;
        return true;
    }

    private void grow() {
        long[] oldTable = table;
        boolean[] oldUsed = used;
        table = new long[oldTable.length * 2];
        used = new boolean[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                insert(oldTable[2 * i], oldTable[2 * i + 1]);
            }
        }
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
