package io.pipetwin.streams;

import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compares two record sequences one record at a time. A failure names only the first differing record (its
 * index, key and both values) and the two counts, so a mismatch in a run of thousands of records prints a few
 * lines instead of both outputs whole.
 */
public final class RecordComparison {

    /** Maximum characters of a value in a failure message; a longer value is cut and marked. */
    private static final int MAX_VALUE_CHARS = 10_000;

    private RecordComparison() {
    }

    /**
     * Asserts that {@code actual} has the records of {@code expected}, equal and in the same order.
     *
     * @param sequenceName the sequence, for the message, for example {@code "pipetwin.forecast.queue of platform p1"}
     * @param keyOf the key of the record at an index, for the message
     */
    public static <T> void assertSameRecords(String sequenceName, List<T> expected, List<T> actual, IntFunction<String> keyOf) {
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail(sequenceName + ": record " + i + " of key " + keyOf.apply(i) + " differs (" + expected.size()
                        + " records expected, " + actual.size() + " found)\n  expected: " + cut(expected.get(i))
                        + "\n  actual:   " + cut(actual.get(i)));
            }
        }
        if (expected.size() != actual.size()) {
            List<T> longer = expected.size() > actual.size() ? expected : actual;
            fail(sequenceName + ": " + expected.size() + " records expected, " + actual.size() + " found; the first "
                    + common + " are equal, and the first " + (longer == expected ? "missing" : "extra")
                    + " record, index " + common + " of key " + keyOf.apply(common) + ", is\n  "
                    + cut(longer.get(common)));
        }
    }

    /** Asserts as {@link #assertSameRecords(String, List, List, IntFunction)} with one key for every record. */
    public static <T> void assertSameRecords(String sequenceName, List<T> expected, List<T> actual, String key) {
        assertSameRecords(sequenceName, expected, actual, index -> key);
    }

    private static String cut(Object value) {
        String text = String.valueOf(value);
        return text.length() <= MAX_VALUE_CHARS ? text
                : text.substring(0, MAX_VALUE_CHARS) + "... (" + text.length() + " characters)";
    }
}
