/** Infrastructure model: nodes and pools with CPU, memory and per-GPU accounting, network links, storage. */
package io.pipetwin.core.platform;
