package io.pipetwin.core.platform;

/** Receiver of transfer completions from a {@link Network}. */
@FunctionalInterface
public interface TransferListener {

    /** Called at the simulation time the transfer's last byte arrives. */
    void onTransferComplete(int transferId, int tag);
}
