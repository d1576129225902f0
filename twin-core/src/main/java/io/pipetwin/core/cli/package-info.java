/** Picocli commands of the core module. */
package io.pipetwin.core.cli;
