package io.pipetwin.core.forecast.scenario;

/** A scenario definition or its application failed validation; the message names the field, the value and the fix. */
public final class InvalidScenarioException extends IllegalArgumentException {

    private final String field;

    public InvalidScenarioException(String field, String message) {
        super("scenario field " + field + ": " + message);
        this.field = field;
    }

    /** Returns the path of the invalid field, for example {@code nodes[1].count}. */
    public String field() {
        return field;
    }
}
