package io.pipetwin.core.calibration;

import java.util.random.RandomGenerator;

import org.apache.commons.math3.special.Erf;

/** A positive continuous distribution of task run times in seconds, as fitted by {@link DurationFitter}. */
public sealed interface DurationDistribution {

    /** Returns the name used in profiles: {@code lognormal}, {@code weibull} or {@code loglogistic}. */
    String name();

    /** Returns the parameters in the order {@link #parameterNames()} gives. */
    double[] parameters();

    /** Returns the parameter names, for example {@code mu,sigma}. */
    String parameterNames();

    double cdf(double x);

    /** Returns the natural log of the density at {@code x > 0}. */
    double logDensity(double x);

    /** Returns the quantile at probability p in (0, 1). */
    double inverse(double p);

    default double sample(RandomGenerator random) {
        double p = random.nextDouble();
        return inverse(p == 0 ? Double.MIN_NORMAL : p);
    }

    /** Rebuilds a distribution from a profile's name and parameters. */
    static DurationDistribution of(String name, double[] parameters) {
        return switch (name) {
            case "lognormal" -> new Lognormal(parameters[0], parameters[1]);
            case "weibull" -> new Weibull(parameters[0], parameters[1]);
            case "loglogistic" -> new LogLogistic(parameters[0], parameters[1]);
            default -> throw new IllegalArgumentException("unknown duration distribution '" + name
                    + "'; expected lognormal, weibull or loglogistic");
        };
    }

    /** Lognormal: log of the run time is normal with mean {@code mu} and standard deviation {@code sigma}. */
    record Lognormal(double mu, double sigma) implements DurationDistribution {
        public String name() {
            return "lognormal";
        }

        public double[] parameters() {
            return new double[] {mu, sigma};
        }

        public String parameterNames() {
            return "mu,sigma";
        }

        public double cdf(double x) {
            return x <= 0 ? 0 : 0.5 * Erf.erfc(-(Math.log(x) - mu) / (sigma * Math.sqrt(2)));
        }

        public double logDensity(double x) {
            double z = (Math.log(x) - mu) / sigma;
            return -Math.log(x * sigma * Math.sqrt(2 * Math.PI)) - 0.5 * z * z;
        }

        public double inverse(double p) {
            return Math.exp(mu + sigma * Math.sqrt(2) * Erf.erfInv(2 * p - 1));
        }
    }

    /** Weibull with {@code shape} k and {@code scale} lambda in seconds; shape below 1 is heavy-tailed. */
    record Weibull(double shape, double scale) implements DurationDistribution {
        public String name() {
            return "weibull";
        }

        public double[] parameters() {
            return new double[] {shape, scale};
        }

        public String parameterNames() {
            return "shape,scale";
        }

        public double cdf(double x) {
            return x <= 0 ? 0 : -Math.expm1(-Math.pow(x / scale, shape));
        }

        public double logDensity(double x) {
            double ratio = x / scale;
            return Math.log(shape / scale) + (shape - 1) * Math.log(ratio) - Math.pow(ratio, shape);
        }

        public double inverse(double p) {
            return scale * Math.pow(-Math.log1p(-p), 1 / shape);
        }
    }

    /**
     * Log-logistic with {@code scale} alpha (the median, in seconds) and {@code shape} beta; its tail falls
     * as a power law {@code x^-beta}, so it is the Pareto-tailed alternative.
     */
    record LogLogistic(double scale, double shape) implements DurationDistribution {
        public String name() {
            return "loglogistic";
        }

        public double[] parameters() {
            return new double[] {scale, shape};
        }

        public String parameterNames() {
            return "scale,shape";
        }

        public double cdf(double x) {
            return x <= 0 ? 0 : 1 / (1 + Math.pow(x / scale, -shape));
        }

        public double logDensity(double x) {
            double logRatio = Math.log(x / scale);
            return Math.log(shape / scale) + (shape - 1) * logRatio - 2 * log1pExp(shape * logRatio);
        }

        public double inverse(double p) {
            return scale * Math.pow(p / (1 - p), 1 / shape);
        }

        private static double log1pExp(double t) {
            return t > 30 ? t : Math.log1p(Math.exp(t));
        }
    }
}
