package dev.slipway.secrets;

/** An encrypted credential as stored, with the id of the master key that sealed it. */
public record SealedCredential(String keyId, byte[] bytes) {

    @Override
    public String toString() {
        return "SealedCredential[keyId=" + keyId + ", " + bytes.length + " bytes]";
    }
}
