package io.pipetwin.core.metrics;

import java.util.random.RandomGenerator;

/** How one finished task of a given type changes the model version its pipeline builds. */
@FunctionalInterface
public interface TaskEffect {

    /** A task type that leaves the model unchanged (preprocess, evaluate, deploy). */
    TaskEffect NONE = (candidate, random) -> { };

    /** Applies the effect to {@code candidate}, drawing any noise from {@code random}. */
    void apply(ModelCandidate candidate, RandomGenerator random);
}
