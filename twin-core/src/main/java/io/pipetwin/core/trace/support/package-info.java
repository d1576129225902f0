/** Helpers shared by the trace format readers: timestamp conversion and multi-node GPU shapes. */
package io.pipetwin.core.trace.support;
