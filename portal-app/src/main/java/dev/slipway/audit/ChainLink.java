package dev.slipway.audit;

import java.time.Instant;

/** The newest event of the chain as a writer needs it: the hash to link to and the time not to go before. */
record ChainLink(String hash, Instant occurredAt) {

    static final ChainLink GENESIS = new ChainLink("0".repeat(64), Instant.EPOCH);
}
