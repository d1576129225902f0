/** Monte Carlo forecasts of a platform from a snapshot of its mirrored state; the records are the contract with the live twin. */
package io.pipetwin.core.forecast;
