package io.pipetwin.core.forecast.online;

/** SplitMix64 generator whose whole state is one long, so a model can store and restore it. */
final class SplitMix {

    long state;

    SplitMix(long state) {
        this.state = state;
    }

    long nextLong() {
        long z = (state += 0x9e3779b97f4a7c15L);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Returns a value uniform in [0, bound) for a positive bound, by rejection of the biased top range. */
    long nextLong(long bound) {
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long value;
        do {
            value = nextLong() >>> 1;
        } while (value >= limit);
        return value % bound;
    }
}
