package dev.slipway.secrets;

/** A ciphertext as stored, and the id of the master key that sealed it. */
record SealedValue(String keyId, byte[] bytes) {

    @Override
    public String toString() {
        return "SealedValue[keyId=" + keyId + ", " + bytes.length + " bytes]";
    }
}
