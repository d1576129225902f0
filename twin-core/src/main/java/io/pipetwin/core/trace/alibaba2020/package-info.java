/**
 * Readers of the Alibaba PAI GPU cluster trace 2020 ({@code cluster-trace-gpu-v2020}): the headerless
 * tables {@code pai_job_table}, {@code pai_task_table}, {@code pai_instance_table} and
 * {@code pai_machine_spec}, whose column order the trace publishes in {@code data/*.header}. Times are
 * seconds (floats) from the trace's own origin; empty fields mark unknown times.
 */
package io.pipetwin.core.trace.alibaba2020;
