/**
 * Reader of PipeTwin's own platform event log written as JSON lines, one {@code PlatformEvent} per line.
 * The Avro object container form of the same events needs the generated Avro classes, which twin-core
 * does not depend on, so that reader belongs in a module with the Avro dependency.
 */
package io.pipetwin.core.trace.pipetwin;
