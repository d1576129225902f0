package io.pipetwin.core.forecast.online;

/**
 * Durations observed for one task class: the lognormal maximum-likelihood fit over all of them and the
 * size of the kept sample.
 *
 * @param count        positive durations observed
 * @param mu           mean of the log durations (log seconds); NaN when none was observed
 * @param sigma        maximum-likelihood standard deviation of the log durations (divisor n)
 * @param kept         durations in the reservoir
 */
public record DurationFit(long count, double mu, double sigma, int kept) {

    /** Returns the median of the fitted lognormal, {@code exp(mu)}, in seconds. */
    public double medianSeconds() {
        return Math.exp(mu);
    }

    /** Returns the mean of the fitted lognormal, {@code exp(mu + sigma²/2)}, in seconds. */
    public double meanSeconds() {
        return Math.exp(mu + 0.5 * sigma * sigma);
    }
}
