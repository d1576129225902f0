package io.pipetwin.core.calibration;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Fits run-time distributions to positive samples by maximum likelihood: lognormal (closed form), Weibull
 * (the shape solves the profile-likelihood equation by bisection) and log-logistic (Nelder–Mead on the
 * log-parameters). Each fit is scored by log-likelihood, AIC and the one-sample Kolmogorov–Smirnov
 * distance; {@link #choose} picks the smallest KS distance, because the simulator's output is compared
 * with the trace by KS distance too.
 */
public final class DurationFitter {

    /** Samples at most this many values (evenly spaced in the sorted data) for the iterative fits. */
    static final int MAX_FIT_SAMPLES = 20_000;

    private DurationFitter() {
    }

    /**
     * One fitted distribution and its goodness of fit.
     *
     * @param distribution  the fitted distribution
     * @param logLikelihood sum of log densities over the samples
     * @param aic           Akaike information criterion, {@code 2 * 2 - 2 * logLikelihood}
     * @param ksDistance    one-sample KS distance to the samples
     */
    public record Fit(DurationDistribution distribution, double logLikelihood, double aic, double ksDistance) {
    }

    /** Fits all three distributions to ascending positive {@code sorted} (at least 2 distinct values). */
    public static List<Fit> fitAll(double[] sorted) {
        double[] sample = thin(sorted);
        List<Fit> fits = new ArrayList<>();
        fits.add(score(lognormal(sorted), sorted));
        fits.add(score(weibull(sample), sorted));
        fits.add(score(logLogistic(sample), sorted));
        return fits;
    }

    /** Returns the fit with the smallest KS distance. */
    public static Fit choose(List<Fit> fits) {
        Fit best = fits.get(0);
        for (Fit fit : fits) {
            if (fit.ksDistance() < best.ksDistance()) {
                best = fit;
            }
        }
        return best;
    }

    static DurationDistribution.Lognormal lognormal(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += Math.log(v);
        }
        double mu = sum / x.length;
        double squares = 0;
        for (double v : x) {
            double d = Math.log(v) - mu;
            squares += d * d;
        }
        return new DurationDistribution.Lognormal(mu, Math.max(Math.sqrt(squares / x.length), 1e-6));
    }

    static DurationDistribution.Weibull weibull(double[] x) {
        double max = x[x.length - 1];
        double meanLog = 0;
        for (double v : x) {
            meanLog += Math.log(v / max);
        }
        meanLog /= x.length;
        // Profile-likelihood equation in the shape k, on data scaled by the maximum so x^k cannot overflow:
        // g(k) = sum(x^k ln x) / sum(x^k) - 1/k - mean(ln x) is increasing in k and has one root.
        double low = 1e-3;
        double high = 50;
        for (int iteration = 0; iteration < 200; iteration++) {
            double k = Math.sqrt(low * high);
            if (weibullEquation(x, max, k, meanLog) > 0) {
                high = k;
            } else {
                low = k;
            }
        }
        double k = Math.sqrt(low * high);
        double sumPow = 0;
        for (double v : x) {
            sumPow += Math.pow(v / max, k);
        }
        double scale = max * Math.pow(sumPow / x.length, 1 / k);
        return new DurationDistribution.Weibull(k, scale);
    }

    private static double weibullEquation(double[] x, double max, double k, double meanLog) {
        double sumPow = 0;
        double sumPowLog = 0;
        for (double v : x) {
            double scaled = v / max;
            double p = Math.pow(scaled, k);
            sumPow += p;
            sumPowLog += p * Math.log(scaled);
        }
        return sumPowLog / sumPow - 1 / k - meanLog;
    }

    static DurationDistribution.LogLogistic logLogistic(double[] x) {
        DurationDistribution.Lognormal start = lognormal(x);
        MultivariateFunction negativeLogLikelihood = point -> {
            DurationDistribution.LogLogistic candidate =
                    new DurationDistribution.LogLogistic(Math.exp(point[0]), Math.exp(point[1]));
            double sum = 0;
            for (double v : x) {
                sum += candidate.logDensity(v);
            }
            return Double.isFinite(sum) ? -sum : Double.MAX_VALUE;
        };
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-10, 1e-10);
        PointValuePair best = optimizer.optimize(new MaxEval(4000), new ObjectiveFunction(negativeLogLikelihood),
                GoalType.MINIMIZE, new InitialGuess(new double[] {start.mu(), Math.log(1.8 / start.sigma())}),
                new NelderMeadSimplex(new double[] {0.5, 0.5}));
        return new DurationDistribution.LogLogistic(Math.exp(best.getPoint()[0]), Math.exp(best.getPoint()[1]));
    }

    private static Fit score(DurationDistribution distribution, double[] sorted) {
        double logLikelihood = 0;
        for (double v : sorted) {
            logLikelihood += distribution.logDensity(v);
        }
        double ks = KolmogorovSmirnov.oneSample(sorted, distribution::cdf);
        return new Fit(distribution, logLikelihood, 2 * 2 - 2 * logLikelihood, ks);
    }

    private static double[] thin(double[] sorted) {
        if (sorted.length <= MAX_FIT_SAMPLES) {
            return sorted;
        }
        double[] sample = new double[MAX_FIT_SAMPLES];
        for (int i = 0; i < MAX_FIT_SAMPLES; i++) {
            sample[i] = sorted[(int) ((long) i * (sorted.length - 1) / (MAX_FIT_SAMPLES - 1))];
        }
        return sample;
    }
}
