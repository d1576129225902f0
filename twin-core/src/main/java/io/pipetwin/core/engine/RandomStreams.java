package io.pipetwin.core.engine;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Named, independent random streams derived from one seed. The stream for a name depends only on the
 * seed and the name, so adding a stream or drawing from one never changes the numbers another yields.
 */
public final class RandomStreams {

    private final long seed;
    private final Map<String, RandomStream> streams = new HashMap<>();

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** Returns the stream called {@code name}, creating it on first use. */
    public RandomStream stream(String name) {
        return streams.computeIfAbsent(name, key -> new RandomStream(streamSeed(seed, key)));
    }

    /**
     * Returns the seed of the stream {@code name} under {@code seed}: a 64-bit FNV-1a hash of the name's
     * UTF-8 bytes mixed with the seed through two SplitMix64 finalisers.
     */
    public static long streamSeed(long seed, String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return RandomStream.mix64(RandomStream.mix64(seed) ^ hash);
    }
}
