package io.pipetwin.core.trace.support;

import java.util.OptionalLong;

import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

/**
 * Writes a {@link TraceTask} as one tab-separated line and reads it back, for spilling sorted runs. Text
 * fields have tabs, newlines and backslashes escaped; a null text or an empty optional is written as
 * {@code \N}.
 */
final class TaskLineCodec {

    private static final String NULL = "\\N";
    private static final int FIELDS = 19;

    private TaskLineCodec() {
    }

    static String encode(TraceTask task) {
        TraceResourceRequest r = task.request();
        String[] fields = {
                text(task.taskId()), text(task.jobId()), Long.toString(task.submitTimeSeconds()),
                optional(task.startTimeSeconds()), optional(task.endTimeSeconds()),
                Long.toString(r.cpuMilli()), Long.toString(r.memoryMib()), Integer.toString(r.gpuCount()),
                Integer.toString(r.gpuMilli()), text(r.gpuModel()), task.status().name(), text(task.rawStatus()),
                text(task.priorityClass()), text(task.user()), text(task.jobType()),
                Integer.toString(task.attempts()), Integer.toString(task.nodeCount()),
                optional(task.recordedRunSeconds()), "end"};
        return String.join("\t", fields);
    }

    static TraceTask decode(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != FIELDS) {
            throw new IllegalStateException("sorted run line has " + f.length + " fields, expected " + FIELDS);
        }
        TraceResourceRequest request = new TraceResourceRequest(Long.parseLong(f[5]), Long.parseLong(f[6]),
                Integer.parseInt(f[7]), Integer.parseInt(f[8]), untext(f[9]));
        return new TraceTask(untext(f[0]), untext(f[1]), Long.parseLong(f[2]), unoptional(f[3]), unoptional(f[4]),
                request, TraceTaskStatus.valueOf(f[10]), untext(f[11]), untext(f[12]), untext(f[13]), untext(f[14]),
                Integer.parseInt(f[15]), Integer.parseInt(f[16]), unoptional(f[17]));
    }

    private static String text(String value) {
        if (value == null) {
            return NULL;
        }
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String untext(String field) {
        if (field.equals(NULL)) {
            return null;
        }
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char escaped = field.charAt(++i);
                out.append(switch (escaped) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> escaped;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String optional(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : NULL;
    }

    private static OptionalLong unoptional(String field) {
        return field.equals(NULL) ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(field));
    }
}
