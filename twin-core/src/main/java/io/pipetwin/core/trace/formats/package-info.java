/** Registry of the trace formats the commands accept ({@code --format}), one entry per reader. */
package io.pipetwin.core.trace.formats;
