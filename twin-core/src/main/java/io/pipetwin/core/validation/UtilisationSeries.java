package io.pipetwin.core.validation;

/**
 * GPU utilisation over time in fixed bins: the GPU-seconds allocated in each bin divided by the bin
 * length times the cluster's GPU count. Tasks are added as intervals; an interval is spread exactly over
 * the bins it overlaps.
 */
public final class UtilisationSeries {

    private final double startSeconds;
    private final double binSeconds;
    private final double capacityGpus;
    private final double[] gpuSeconds;

    public UtilisationSeries(double startSeconds, double endSeconds, double binSeconds, double capacityGpus) {
        this.startSeconds = startSeconds;
        this.binSeconds = binSeconds;
        this.capacityGpus = capacityGpus;
        this.gpuSeconds = new double[Math.max(1, (int) Math.ceil((endSeconds - startSeconds) / binSeconds))];
    }

    /** Adds {@code gpus} GPUs held from {@code from} to {@code to} seconds; parts outside the range are dropped. */
    public void add(double from, double to, double gpus) {
        if (gpus <= 0 || to <= from) {
            return;
        }
        double end = startSeconds + gpuSeconds.length * binSeconds;
        double a = Math.max(from, startSeconds);
        double b = Math.min(to, end);
        if (b <= a) {
            return;
        }
        int first = (int) ((a - startSeconds) / binSeconds);
        int last = Math.min(gpuSeconds.length - 1, (int) ((b - startSeconds) / binSeconds));
        for (int bin = first; bin <= last; bin++) {
            double binStart = startSeconds + bin * binSeconds;
            double overlap = Math.min(b, binStart + binSeconds) - Math.max(a, binStart);
            if (overlap > 0) {
                gpuSeconds[bin] += overlap * gpus;
            }
        }
    }

    /** Returns the utilisation of each bin, from 0 to 1 (above 1 only if tasks overlap beyond capacity). */
    public double[] utilisation() {
        double[] out = new double[gpuSeconds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = gpuSeconds[i] / (binSeconds * capacityGpus);
        }
        return out;
    }

    /** Returns the start of bin {@code i} in seconds. */
    public double binStartSeconds(int i) {
        return startSeconds + i * binSeconds;
    }

    public double binSeconds() {
        return binSeconds;
    }

    /** Returns the mean utilisation over all bins. */
    public double mean() {
        double sum = 0;
        for (double v : utilisation()) {
            sum += v;
        }
        return sum / gpuSeconds.length;
    }
}
