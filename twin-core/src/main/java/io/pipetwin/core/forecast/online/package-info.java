/**
 * Online calibration of the forecast's workload inputs: {@link io.pipetwin.core.forecast.online.OnlineWorkloadModel}
 * learns arrival rates per hour of the week, durations per task class and the recent resource-demand mix from
 * observed events, and fills a {@link io.pipetwin.core.forecast.PlatformSnapshot} with them.
 */
package io.pipetwin.core.forecast.online;
