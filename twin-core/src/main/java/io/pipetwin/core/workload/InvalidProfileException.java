package io.pipetwin.core.workload;

import java.util.List;

/** A workload profile that cannot be used; the message lists each problem with its JSON path. */
public final class InvalidProfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidProfileException(String source, List<String> problems, Throwable cause) {
        super("invalid workload profile " + source + ":\n  " + String.join("\n  ", problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** Returns one line per problem, each starting with the JSON path of the invalid value. */
    public List<String> problems() {
        return problems;
    }
}
