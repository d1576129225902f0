package io.pipetwin.core.metrics;

/**
 * Retrains when the Page-Hinkley test detects a downward shift of one metric's observations.
 *
 * <p>After each observation x_t the test updates the running mean x̄_t of the observations since the
 * last deployment and the cumulative sum {@code m_t = sum (x_i - x̄_i + delta)}; it keeps
 * {@code M_t = max m_i} and raises an alarm when {@code M_t - m_t > lambda}. A fall of the metric makes
 * the terms negative, so m drops away from its maximum. Drops smaller than {@code delta} per observation
 * are tolerated. Deploying a new version resets the test.
 *
 * <p>An alarm less than {@code cooldownSeconds} after the check that triggered the previous retraining resets
 * the test without retraining, so a model is retrained at most once per cooldown.
 */
public final class PageHinkleyRetraining implements RetrainingStrategy {

    private final String metric;
    private final double delta;
    private final double lambda;
    private final double checkIntervalSeconds;
    private final double cooldownSeconds;
    private double lastTriggerSeconds = Double.NEGATIVE_INFINITY;

    private long count;
    private double runningMean;
    private double cumulativeSum;
    private double maxCumulativeSum;

    /** Creates the strategy with the default cooldown {@link ModelMetricDefaults#RETRAINING_COOLDOWN_SECONDS}. */
    public PageHinkleyRetraining(String metric, double delta, double lambda, double checkIntervalSeconds) {
        this(metric, delta, lambda, checkIntervalSeconds, ModelMetricDefaults.RETRAINING_COOLDOWN_SECONDS);
    }

    public PageHinkleyRetraining(String metric, double delta, double lambda, double checkIntervalSeconds,
                                 double cooldownSeconds) {
        if (!(delta >= 0)) {
            throw new IllegalArgumentException("Page-Hinkley delta must be >= 0, got " + delta);
        }
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("Page-Hinkley lambda must be > 0, got " + lambda);
        }
        if (!(checkIntervalSeconds > 0)) {
            throw new IllegalArgumentException("monitoring interval must be > 0 seconds, got "
                    + checkIntervalSeconds);
        }
        if (!(cooldownSeconds >= 0)) {
            throw new IllegalArgumentException("retraining cooldown must be >= 0 seconds, got " + cooldownSeconds
                    + "; pass 0 to allow a retraining at every alarm");
        }
        this.cooldownSeconds = cooldownSeconds;
        this.metric = metric;
        this.delta = delta;
        this.lambda = lambda;
        this.checkIntervalSeconds = checkIntervalSeconds;
    }

    @Override
    public double checkIntervalSeconds() {
        return checkIntervalSeconds;
    }

    @Override
    public RetrainingTrigger decide(MonitoringSample sample) {
        double observation = sample.observed().get(metric);
        count++;
        runningMean += (observation - runningMean) / count;
        cumulativeSum += observation - runningMean + delta;
        maxCumulativeSum = Math.max(maxCumulativeSum, cumulativeSum);

        if (maxCumulativeSum - cumulativeSum > lambda) {
            reset();
            if (sample.timeSeconds() - lastTriggerSeconds < cooldownSeconds) {
                return null;
            }
            lastTriggerSeconds = sample.timeSeconds();
            return RetrainingTrigger.METRIC_TRIGGERED;
        }
        return null;
    }

    @Override
    public void onDeployed(double timeSeconds) {
        reset();
    }

    private void reset() {
        count = 0;
        runningMean = 0;
        cumulativeSum = 0;
        maxCumulativeSum = 0;
    }
}
