/**
 * Emulated platform: runs a trace's arrivals and demands through the twin-core simulator (FIFO,
 * first-fit by default) to give tasks simulated start and end times, so traces that record only run times
 * can be replayed as a full event stream.
 */
package io.pipetwin.core.trace.emulation;
