package dev.slipway.clusters;

import jakarta.annotation.Nullable;

/**
 * A service's dashboard and logs links in one environment, filled in from the environment's templates; each
 * null when the environment has none. Only http and https links survive, so a page can put them in an href.
 */
public record ObserveLinks(@Nullable String dashboardUrl, @Nullable String logsUrl) {

    public ObserveLinks {
        dashboardUrl = webOnly(dashboardUrl);
        logsUrl = webOnly(logsUrl);
    }

    public boolean any() {
        return dashboardUrl != null || logsUrl != null;
    }

    private static String webOnly(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }
}
