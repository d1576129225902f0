/**
 * Picocli commands that live in twin-core because they need no Kafka: {@code calibrate}
 * ({@link io.pipetwin.core.cli.CalibrateCommand}) and {@code validate}
 * ({@link io.pipetwin.core.cli.ValidateCommand}). The launcher in the {@code cli} module registers them
 * as sub-commands.
 */
package io.pipetwin.core.cli;
