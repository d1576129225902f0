/** Pipelines as DAGs of typed tasks, their runtime state, and task duration models. */
package io.pipetwin.core.pipeline;
