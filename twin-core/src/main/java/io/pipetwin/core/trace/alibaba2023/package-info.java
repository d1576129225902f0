/**
 * Reader of the Alibaba GPU cluster trace 2023 ("openb", published with the ATC'23 paper "Beware of
 * Fragmentation: Scheduling GPU-Sharing Workloads with Fragmentation Gradient Descent").
 *
 * <p>Files: {@code openb_pod_list_*.csv}, one row per pod sorted by {@code creation_time}, and
 * {@code openb_node_list_all_node.csv}, one row per node. {@link io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace}
 * is the entry point. Facts about the format that the readers rely on:
 * <ul>
 *   <li>times are integer seconds from the start of the trace;</li>
 *   <li>{@code scheduled_time} is empty for pods in phase {@code Pending}, which were never placed and
 *       were deleted at {@code deletion_time} while still waiting;</li>
 *   <li>a {@code deletion_time} equal to the trace's last instant (the largest time in the pod list)
 *       means the pod was still running when the trace was taken;</li>
 *   <li>{@code gpu_milli} is the share of one GPU for {@code num_gpu == 1}, and 1000 for multi-GPU pods;</li>
 *   <li>{@code gpu_spec} (a GPU-model constraint) may be empty, and {@code model} is empty for a
 *       CPU-only node.</li>
 * </ul>
 */
package io.pipetwin.core.trace.alibaba2023;
