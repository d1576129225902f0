package io.pipetwin.streams.mirror;

/**
 * Event ids applied within the deduplication window, for rejecting repeats. An id leaves the window
 * when its event time is more than {@code windowMillis} behind the latest event time, or when more
 * than {@code maxIds} ids are held (oldest first), so the state stays bounded.
 *
 * <p>The ids are kept in a ring in the order they were added, with their hash codes and event times. An
 * open-addressing hash table with linear probing maps each id to its ring position, so the mirror's
 * lookup, insertion and eviction per event allocate nothing, unlike a {@code HashSet} with its node per id.
 */
public final class RecentEventIds {

    /** Multiplier of Fibonacci hashing, which spreads similar hash codes such as those of numbered ids. */
    private static final int GOLDEN_RATIO = 0x9E3779B9;

    private final long windowMillis;
    private final int maxIds;
    private String[] ringIds = new String[16];
    private int[] ringHashes = new int[16];
    private long[] ringTimesMillis = new long[16];
    private int head;
    private int size;
    /** Ring position plus one per slot, 0 for an empty slot. It is twice the ring's length, so at most half full. */
    private int[] table = new int[32];
    private int tableShift = Integer.numberOfLeadingZeros(32) + 1;

    public RecentEventIds(long windowMillis, int maxIds) {
        this.windowMillis = windowMillis;
        this.maxIds = maxIds;
    }

    boolean contains(String eventId) {
        int hash = eventId.hashCode();
        int mask = table.length - 1;
        for (int slot = homeSlot(hash); ; slot = (slot + 1) & mask) {
            int entry = table[slot];
            if (entry == 0) {
                return false;
            }
            int position = entry - 1;
            if (ringHashes[position] == hash && ringIds[position].equals(eventId)) {
                return true;
            }
        }
    }

    /**
     * Adds an id that is not held and returns how many ids left the window. Ids leave in the order they
     * were added, so the ones that left are always the oldest: the caller tracks them by sequence number.
     */
    int add(String eventId, long eventTimeMillis, long latestEventTimeMillis) {
        append(eventId, eventTimeMillis);
        int evicted = 0;
        while (size > 0) {
            boolean tooOld = ringTimesMillis[head] < latestEventTimeMillis - windowMillis;
            boolean tooMany = size > maxIds;
            if (!tooOld && !tooMany) {
                break;
            }
            removeFromTable(head);
            ringIds[head] = null;
            head = (head + 1) & (ringIds.length - 1);
            size--;
            evicted++;
        }
        return evicted;
    }

    /** Puts back persisted ids; they must be given in the order they were added. */
    void restore(String eventId, long eventTimeMillis) {
        append(eventId, eventTimeMillis);
    }

    public int size() {
        return size;
    }

    private void append(String eventId, long eventTimeMillis) {
        if (size == ringIds.length) {
            grow();
        }
        int tail = (head + size) & (ringIds.length - 1);
        ringIds[tail] = eventId;
        ringHashes[tail] = eventId.hashCode();
        ringTimesMillis[tail] = eventTimeMillis;
        size++;
        insertIntoTable(tail);
    }

    private int homeSlot(int hash) {
        return (hash * GOLDEN_RATIO) >>> tableShift;
    }

    private void insertIntoTable(int position) {
        int mask = table.length - 1;
        int slot = homeSlot(ringHashes[position]);
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = position + 1;
    }

    /**
     * Removes the entry of a ring position and shifts later entries of its probe run back into the gap, so
     * that every entry stays reachable from its home slot without tombstones.
     */
    private void removeFromTable(int position) {
        int mask = table.length - 1;
        int gap = homeSlot(ringHashes[position]);
        while (table[gap] != position + 1) {
            gap = (gap + 1) & mask;
        }
        table[gap] = 0;
        for (int slot = (gap + 1) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            int home = homeSlot(ringHashes[table[slot] - 1]);
            // The entry may move into the gap unless its home slot lies cyclically in (gap, slot].
            boolean homeAfterGap = gap <= slot ? gap < home && home <= slot : gap < home || home <= slot;
            if (!homeAfterGap) {
                table[gap] = table[slot];
                table[slot] = 0;
                gap = slot;
            }
        }
    }

    /**
     * Doubles the ring and keeps the order, then rebuilds the table for the new positions. The lengths stay
     * powers of two for the index masks.
     */
    private void grow() {
        int capacity = ringIds.length * 2;
        String[] newIds = new String[capacity];
        int[] newHashes = new int[capacity];
        long[] newTimes = new long[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (ringIds.length - 1);
            newIds[i] = ringIds[from];
            newHashes[i] = ringHashes[from];
            newTimes[i] = ringTimesMillis[from];
        }
        ringIds = newIds;
        ringHashes = newHashes;
        ringTimesMillis = newTimes;
        head = 0;
        table = new int[capacity * 2];
        tableShift = Integer.numberOfLeadingZeros(table.length) + 1;
        for (int position = 0; position < size; position++) {
            insertIntoTable(position);
        }
    }
}
