package io.pipetwin.core.forecast;

/**
 * Rate of arrivals as a function of event time: the intensity of the non-homogeneous Poisson process a
 * forecast draws arrivals from, by thinning against {@link #maxRatePerSecond}. An arrival is a pipeline when
 * the snapshot has {@link PlatformSnapshot#recentPipelineArrivals()}, and a single task otherwise.
 */
public interface ArrivalModel {

    /** Returns the arrival rate in arrivals per second at event time {@code epochSeconds}. */
    double ratePerSecondAt(double epochSeconds);

    /**
     * Returns an upper bound of {@link #ratePerSecondAt} over [{@code fromEpochSeconds},
     * {@code toEpochSeconds}]; a tight bound keeps thinning cheap.
     */
    double maxRatePerSecond(double fromEpochSeconds, double toEpochSeconds);

    /** Returns this model with every rate multiplied by {@code multiplier} (at least 0). */
    default ArrivalModel scaled(double multiplier) {
        if (!(multiplier >= 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("arrival-rate multiplier " + multiplier
                    + " is invalid; use a finite value >= 0");
        }
        ArrivalModel base = this;
        return new ArrivalModel() {
            @Override
            public double ratePerSecondAt(double epochSeconds) {
                return multiplier * base.ratePerSecondAt(epochSeconds);
            }

            @Override
            public double maxRatePerSecond(double fromEpochSeconds, double toEpochSeconds) {
                return multiplier * base.maxRatePerSecond(fromEpochSeconds, toEpochSeconds);
            }
        };
    }

    /** Returns a constant rate of {@code ratePerSecond} tasks per second. */
    static ArrivalModel constant(double ratePerSecond) {
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("arrival rate " + ratePerSecond + " per second is invalid; use a "
                    + "finite value >= 0");
        }
        return new ArrivalModel() {
            @Override
            public double ratePerSecondAt(double epochSeconds) {
                return ratePerSecond;
            }

            @Override
            public double maxRatePerSecond(double fromEpochSeconds, double toEpochSeconds) {
                return ratePerSecond;
            }
        };
    }
}
