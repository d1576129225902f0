package io.pipetwin.core.engine;

/**
 * One pseudo-random stream: the SplitMix64 generator (the algorithm behind
 * {@link java.util.SplittableRandom}) with exponential, normal and lognormal samplers. Normals come from
 * the Marsaglia polar method, which yields two per accepted pair and caches the second; it is several
 * times cheaper than {@link java.util.Random#nextGaussian()}, which is synchronised.
 */
public final class RandomStream {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;
    private double cachedNormal;
    private boolean hasCachedNormal;

    public RandomStream(long seed) {
        this.state = seed;
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Returns a uniform double in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Returns a uniform int in [0, bound); {@code bound} must be positive. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound + " must be positive");
        }
        // Lemire's multiply-shift: a bias below 2^-32 relative, negligible for simulation use.
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Returns an exponential sample with the given mean. */
    public double nextExponential(double mean) {
        return -mean * Math.log(1.0 - nextDouble());
    }

    /** Returns a standard normal sample. */
    public double nextGaussian() {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return cachedNormal;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * nextDouble() - 1.0;
            v = 2.0 * nextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double factor = Math.sqrt(-2.0 * Math.log(s) / s);
        cachedNormal = v * factor;
        hasCachedNormal = true;
        return u * factor;
    }

    /** Returns {@code exp(mu + sigma * Z)} with Z standard normal. */
    public double nextLognormal(double mu, double sigma) {
        return Math.exp(mu + sigma * nextGaussian());
    }
}
