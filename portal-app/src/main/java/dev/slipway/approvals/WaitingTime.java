package dev.slipway.approvals;

import java.time.Duration;

/** How long a request has waited, in words read at a glance in a queue: "waiting 3 min". A pure function. */
final class WaitingTime {

    private WaitingTime() {}

    static String describe(Duration waited) {
        long seconds = Math.max(0, waited.getSeconds());
        if (seconds < 60) {
            return "waiting " + seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return "waiting " + minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return "waiting " + hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        long days = hours / 24;
        return "waiting " + days + (days == 1 ? " day" : " days") + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
