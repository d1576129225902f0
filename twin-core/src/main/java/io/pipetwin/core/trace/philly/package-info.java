/**
 * Readers of the Microsoft Philly DL training trace (ATC'19, "Analysis of Large-Scale Multi-Tenant GPU
 * Clusters for DNN Training Workloads"): the per-job CSV {@code timestamp,duration,num_gpus,gpu_time,cluster}
 * derived for the Pollux simulator ({@link io.pipetwin.core.trace.philly.PhillyCsvReader}, with
 * {@link io.pipetwin.core.trace.support.ExternalSortedReader} for submit order because that file is not
 * sorted), and the original JSON job log {@code cluster_job_log}
 * ({@link io.pipetwin.core.trace.philly.PhillyJobLogReader}).
 */
package io.pipetwin.core.trace.philly;
