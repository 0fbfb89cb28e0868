package dev.slipway.database;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Slipway keeps what it owns on this machine in local mode: the embedded database and the
 * generated master key. Set with {@code SLIPWAY_HOME}; defaults to {@code ~/.slipway}.
 */
@ConfigurationProperties(prefix = "slipway.home")
public record SlipwayHome(String dir) {

    public Path path() {
        String value = (dir == null || dir.isBlank()) ? System.getProperty("user.home") + "/.slipway" : dir;
        return Paths.get(value).toAbsolutePath();
    }
}
