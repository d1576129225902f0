package io.pipetwin.core.engine;

/**
 * Receiver of events registered with a {@link Simulation}. The handler reads the event time from
 * {@link Simulation#now()}; the payload is an int the scheduler of the event chose, typically an index
 * into the handler's own arrays, so that scheduling an event allocates nothing.
 */
@FunctionalInterface
public interface EventHandler {

    /** Handles one event whose time is the simulation's current time. */
    void onEvent(int payload);
}
