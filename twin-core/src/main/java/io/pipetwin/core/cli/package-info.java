/**
 * Picocli commands of the core module, which need no Kafka: {@code bench}, {@code simulate},
 * {@code experiment}, {@code calibrate} ({@link io.pipetwin.core.cli.CalibrateCommand}) and
 * {@code validate} ({@link io.pipetwin.core.cli.ValidateCommand}). The launcher in the {@code cli} module
 * registers them as sub-commands.
 */
package io.pipetwin.core.cli;
