package dev.slipway.secrets;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the master key comes from: {@code SLIPWAY_MASTER_KEY} (base64) or {@code SLIPWAY_MASTER_KEY_FILE}
 * (a file holding it), plus {@code SLIPWAY_PREVIOUS_MASTER_KEYS} (comma-separated base64) that are still
 * accepted for decryption while values are re-encrypted after a rotation.
 */
@ConfigurationProperties(prefix = "slipway")
record MasterKeyProperties(String masterKey, String masterKeyFile, List<String> previousMasterKeys) {

    MasterKeyProperties {
        previousMasterKeys = previousMasterKeys == null ? List.of() : List.copyOf(previousMasterKeys);
    }

    /** Key material must not reach a log line through a debug print of the settings. */
    @Override
    public String toString() {
        return "MasterKeyProperties[masterKey=" + (isSet(masterKey) ? "(set)" : "(unset)") + ", masterKeyFile="
                + masterKeyFile + ", previousMasterKeys=" + previousMasterKeys.size() + " key(s)]";
    }

    static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
