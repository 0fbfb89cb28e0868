package dev.slipway.deploy.live;

import com.google.gson.JsonObject;

/** Placeholder until the real projection lands (branch parts): the whole object without bookkeeping. */
public final class OwnedFields {

    private OwnedFields() {}

    public static String fingerprint(JsonObject object, String manager) {
        JsonObject copy = object.deepCopy();
        copy.remove("status");
        JsonObject metadata = copy.getAsJsonObject("metadata");
        for (String field : new String[] {"managedFields", "resourceVersion", "generation", "uid", "creationTimestamp"}) {
            metadata.remove(field);
        }
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(digest.digest(copy.toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
