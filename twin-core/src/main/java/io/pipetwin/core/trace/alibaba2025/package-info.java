/**
 * Reader of the Alibaba GPU-disaggregated DLRM serving trace 2025 ({@code cluster-trace-gpu-v2025},
 * published with the NSDI'25 paper "GPU-Disaggregated Serving for Deep Learning Recommendation Models at
 * Scale"): long-running inference instances with CPU, GPU and memory requests and their creation,
 * scheduling and deletion times in seconds from the start of the 31-day window.
 */
package io.pipetwin.core.trace.alibaba2025;
