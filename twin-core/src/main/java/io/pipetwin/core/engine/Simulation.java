package io.pipetwin.core.engine;

import java.util.Arrays;

/**
 * Single-threaded discrete-event kernel: a clock in seconds, a queue of pending events and the handlers
 * they are dispatched to. Events at equal times run in the order they were scheduled.
 *
 * <p>Handlers are registered once and addressed by the int id {@link #register} returns; an event is the
 * triple (time, handler id, int payload), so scheduling one allocates nothing. Callers outside the model
 * drive the clock with {@link #step()}, {@link #runUntil(double)} and {@link #run()}, and may schedule
 * events between calls.
 */
public final class Simulation {

    private final EventQueue queue;
    private final RandomStreams randomStreams;
    private EventHandler[] handlers = new EventHandler[8];
    private int handlerCount;
    private double nowSeconds;
    private long eventCount;

    /** Creates a simulation whose random streams derive from {@code seed}. */
    public Simulation(long seed) {
        this(seed, 1024);
    }

    /** Creates a simulation with room for {@code initialEventCapacity} pending events before growing. */
    public Simulation(long seed, int initialEventCapacity) {
        this.queue = new EventQueue(initialEventCapacity);
        this.randomStreams = new RandomStreams(seed);
    }

    /** Registers a handler and returns the id that events addressed to it carry. */
    public int register(EventHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("handler is null; pass an EventHandler instance");
        }
        if (handlerCount == handlers.length) {
            handlers = Arrays.copyOf(handlers, handlerCount * 2);
        }
        handlers[handlerCount] = handler;
        return handlerCount++;
    }

    /** Schedules an event {@code delaySeconds} after now. */
    public void schedule(double delaySeconds, int handlerId, int payload) {
        if (!(delaySeconds >= 0)) {
            throw new IllegalArgumentException("delaySeconds " + delaySeconds + " is negative or NaN; "
                    + "events can only be scheduled at or after now");
        }
        if (handlerId < 0 || handlerId >= handlerCount) {
            throw new IllegalArgumentException("handler id " + handlerId + " is not registered; use the id "
                    + "returned by register");
        }
        queue.push(nowSeconds + delaySeconds, handlerId, payload);
    }

    /** Schedules an event at the absolute simulation time {@code timeSeconds}, which must not be before now. */
    public void scheduleAt(double timeSeconds, int handlerId, int payload) {
        if (!(timeSeconds >= nowSeconds)) {
            throw new IllegalArgumentException("timeSeconds " + timeSeconds + " is before now " + nowSeconds
                    + " or NaN; schedule at or after now");
        }
        if (handlerId < 0 || handlerId >= handlerCount) {
            throw new IllegalArgumentException("handler id " + handlerId + " is not registered; use the id "
                    + "returned by register");
        }
        queue.push(timeSeconds, handlerId, payload);
    }

    /** Runs the earliest pending event and returns true, or returns false when none is pending. */
    public boolean step() {
        if (queue.isEmpty()) {
            return false;
        }
        dispatchHead();
        return true;
    }

    /**
     * Runs every event with a time at or before {@code timeSeconds}, then sets the clock to
     * {@code timeSeconds} if it is later than now.
     */
    public void runUntil(double timeSeconds) {
        EventQueue pending = queue;
        while (!pending.isEmpty() && pending.peekTime() <= timeSeconds) {
            dispatchHead();
        }
        if (timeSeconds > nowSeconds) {
            nowSeconds = timeSeconds;
        }
    }

    /** Runs events until none is pending. */
    public void run() {
        EventQueue pending = queue;
        while (!pending.isEmpty()) {
            dispatchHead();
        }
    }

    private void dispatchHead() {
        EventQueue pending = queue;
        pending.pop();
        nowSeconds = pending.headTime();
        eventCount++;
        handlers[pending.headHandler()].onEvent(pending.headPayload());
    }

    /** Returns the current simulation time in seconds. */
    public double now() {
        return nowSeconds;
    }

    /** Returns the number of events dispatched so far. */
    public long eventCount() {
        return eventCount;
    }

    /** Returns the number of events scheduled and not yet dispatched. */
    public int pendingEventCount() {
        return queue.size();
    }

    /** Returns the time of the earliest pending event, or positive infinity when none is pending. */
    public double nextEventTime() {
        return queue.isEmpty() ? Double.POSITIVE_INFINITY : queue.peekTime();
    }

    /** Returns the named random streams of this simulation. */
    public RandomStreams randomStreams() {
        return randomStreams;
    }

    /** Returns the random stream called {@code name}; shorthand for {@code randomStreams().stream(name)}. */
    public RandomStream stream(String name) {
        return randomStreams.stream(name);
    }
}
