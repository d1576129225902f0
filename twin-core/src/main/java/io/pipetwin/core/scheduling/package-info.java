/** Queueing and placement policies, the scheduler, and the platform simulation that runs pipelines on the engine. */
package io.pipetwin.core.scheduling;
