/**
 * Reader of the per-job log {@code cluster_log.csv} of the SenseTime Helios GPU datacenter trace (SC'21,
 * "Characterization and Prediction of Deep Learning Workloads in Large-Scale GPU Datacenters"), one file
 * per cluster (Venus, Earth, Saturn, Uranus). The log has submit, start and end times, so queueing delay
 * is known per job.
 */
package io.pipetwin.core.trace.helios;
