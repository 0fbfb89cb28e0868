package dev.slipway.secrets;

/**
 * Body of {@code PUT /api/v1/services/{name}/secrets/{key}}. Its {@code toString} hides the value,
 * because frameworks print request bodies at debug level.
 */
record SecretValueRequest(String value) {

    @Override
    public String toString() {
        return "SecretValueRequest[value=(hidden)]";
    }
}
