/**
 * What-if scenarios: a {@link io.pipetwin.core.forecast.scenario.Scenario} (from JSON through
 * {@link io.pipetwin.core.forecast.scenario.ScenarioJson}) changes policies, nodes, the retraining strategy or
 * the arrival rate, and {@code apply} turns the live snapshot into a variant forecast from the same state.
 */
package io.pipetwin.core.forecast.scenario;
