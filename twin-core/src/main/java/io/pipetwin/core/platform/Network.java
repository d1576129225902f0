package io.pipetwin.core.platform;

import io.pipetwin.core.engine.Simulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Network links with a bandwidth each, shared by concurrent transfers max-min fairly: every time a
 * transfer starts or finishes, the rates are recomputed by progressive filling (all unfrozen transfers
 * grow at the same rate until a link on their path is full; the transfers on that link are frozen).
 * Between recomputations every transfer progresses at a constant rate, so one pending event, at the
 * earliest finish, suffices; events from an earlier recomputation carry an older version and are ignored.
 */
public final class Network {

    /** Bytes below which a transfer counts as finished, absorbing floating-point error. */
    private static final double FINISHED_EPSILON_BYTES = 1e-6;

    private final Simulation simulation;
    private final int handlerId;
    private final List<String> linkNames = new ArrayList<>();
    private double[] linkBytesPerSecond = new double[0];

    private final List<ActiveTransfer> active = new ArrayList<>();
    private int nextTransferId;
    private int version;
    private double lastUpdateSeconds;

    private static final class ActiveTransfer {
        final int id;
        final int tag;
        final int[] links;
        final TransferListener listener;
        double remainingBytes;
        double bytesPerSecond;
        boolean frozen;

        ActiveTransfer(int id, int tag, int[] links, double bytes, TransferListener listener) {
            this.id = id;
            this.tag = tag;
            this.links = links;
            this.remainingBytes = bytes;
            this.listener = listener;
        }
    }

    public Network(Simulation simulation) {
        this.simulation = simulation;
        this.handlerId = simulation.register(this::onNextFinish);
    }

    /** Adds a link and returns its id. */
    public int addLink(String name, double bytesPerSecond) {
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("link " + name + ": bytesPerSecond " + bytesPerSecond
                    + " must be positive");
        }
        linkNames.add(name);
        linkBytesPerSecond = Arrays.copyOf(linkBytesPerSecond, linkNames.size());
        linkBytesPerSecond[linkNames.size() - 1] = bytesPerSecond;
        return linkNames.size() - 1;
    }

    /**
     * Starts a transfer of {@code bytes} over the links {@code path} and returns its id; {@code listener}
     * is called with the id and {@code tag} when it finishes. A transfer of 0 bytes or over an empty path
     * finishes at once, before this method returns.
     */
    public int startTransfer(double bytes, int[] path, int tag, TransferListener listener) {
        int id = nextTransferId++;
        if (bytes <= 0 || path.length == 0) {
            listener.onTransferComplete(id, tag);
            return id;
        }
        advanceTo(simulation.now());
        active.add(new ActiveTransfer(id, tag, path.clone(), bytes, listener));
        reschedule();
        return id;
    }

    /** Returns the number of transfers in progress. */
    public int activeTransfers() {
        return active.size();
    }

    /** Returns the current rate of transfer {@code transferId} in bytes per second, or 0 when it is not active. */
    public double rateBytesPerSecond(int transferId) {
        for (ActiveTransfer transfer : active) {
            if (transfer.id == transferId) {
                return transfer.bytesPerSecond;
            }
        }
        return 0.0;
    }

    private void onNextFinish(int eventVersion) {
        if (eventVersion != version) {
            return;
        }
        advanceTo(simulation.now());
        // Bytes a transfer moves within two clock ticks: at large times the clock cannot represent the
        // finish time exactly, and without this bound the leftover bytes reschedule the event at the same
        // time forever.
        double clockResolutionSeconds = 2 * Math.ulp(simulation.now());
        List<ActiveTransfer> finished = new ArrayList<>();
        for (int i = active.size() - 1; i >= 0; i--) {
            ActiveTransfer transfer = active.get(i);
            if (transfer.remainingBytes <= FINISHED_EPSILON_BYTES
                    || transfer.remainingBytes <= transfer.bytesPerSecond * clockResolutionSeconds) {
                finished.add(transfer);
                active.remove(i);
            }
        }
        reschedule();
        for (int i = finished.size() - 1; i >= 0; i--) {
            ActiveTransfer transfer = finished.get(i);
            transfer.listener.onTransferComplete(transfer.id, transfer.tag);
        }
    }

    private void advanceTo(double nowSeconds) {
        double elapsed = nowSeconds - lastUpdateSeconds;
        if (elapsed > 0) {
            for (ActiveTransfer transfer : active) {
                transfer.remainingBytes -= transfer.bytesPerSecond * elapsed;
            }
        }
        lastUpdateSeconds = nowSeconds;
    }

    /** Recomputes max-min fair rates and schedules the next finish. */
    private void reschedule() {
        version++;
        if (active.isEmpty()) {
            return;
        }
        assignMaxMinRates();
        double earliest = Double.POSITIVE_INFINITY;
        for (ActiveTransfer transfer : active) {
            earliest = Math.min(earliest, Math.max(0.0, transfer.remainingBytes) / transfer.bytesPerSecond);
        }
        simulation.schedule(earliest, handlerId, version);
    }

    private void assignMaxMinRates() {
        double[] spare = linkBytesPerSecond.clone();
        int[] unfrozenOnLink = new int[spare.length];
        for (ActiveTransfer transfer : active) {
            transfer.bytesPerSecond = 0.0;
            transfer.frozen = false;
            for (int link : transfer.links) {
                unfrozenOnLink[link]++;
            }
        }
        int unfrozen = active.size();
        while (unfrozen > 0) {
            double increment = Double.POSITIVE_INFINITY;
            for (int link = 0; link < spare.length; link++) {
                if (unfrozenOnLink[link] > 0) {
                    increment = Math.min(increment, spare[link] / unfrozenOnLink[link]);
                }
            }
            for (ActiveTransfer transfer : active) {
                if (!transfer.frozen) {
                    transfer.bytesPerSecond += increment;
                }
            }
            for (int link = 0; link < spare.length; link++) {
                spare[link] -= increment * unfrozenOnLink[link];
            }
            for (ActiveTransfer transfer : active) {
                if (transfer.frozen) {
                    continue;
                }
                for (int link : transfer.links) {
                    if (spare[link] <= linkBytesPerSecond[link] * 1e-12) {
                        transfer.frozen = true;
                        break;
                    }
                }
                if (transfer.frozen) {
                    unfrozen--;
                    for (int link : transfer.links) {
                        unfrozenOnLink[link]--;
                    }
                }
            }
        }
    }
}
