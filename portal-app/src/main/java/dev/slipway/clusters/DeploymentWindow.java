package dev.slipway.clusters;

import java.util.List;

/**
 * One weekly range in which syncs may start in an environment: the days it holds on ({@code MON} ..
 * {@code SUN}), from {@code from} up to (not including) {@code to}, both {@code HH:mm} local times of the
 * named {@code timeZone} ({@code to} may be {@code 24:00}: the end of the day). See docs/release-flow.md.
 */
public record DeploymentWindow(List<String> days, String from, String to, String timeZone) {

    public DeploymentWindow {
        days = days == null ? List.of() : days.stream().toList();
    }
}
