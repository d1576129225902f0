/** Discrete-event kernel: clock, event queue with deterministic tie-break, named random streams. */
package io.pipetwin.core.engine;
