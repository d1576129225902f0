/** The reference benchmark workload, its statistics, and the benchmark driver. */
package io.pipetwin.core.bench;
