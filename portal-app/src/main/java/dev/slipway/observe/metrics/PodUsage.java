package dev.slipway.observe.metrics;

import jakarta.annotation.Nullable;

/**
 * One pod's usage next to what its containers ask for and may use at most (summed over its containers). A
 * usage is null while the metrics API has not measured the pod yet; a request or limit is null when not every
 * container sets one (a pod without a limit on one container has no limit as a whole).
 * {@code cpuNearLimit}/{@code memoryNearLimit}: usage above {@value #NEAR_LIMIT_PERCENT} % of the limit.
 */
public record PodUsage(
        String name,
        @Nullable Long cpuMillicores,
        @Nullable Long memoryBytes,
        @Nullable Long cpuRequestMillicores,
        @Nullable Long cpuLimitMillicores,
        @Nullable Long memoryRequestBytes,
        @Nullable Long memoryLimitBytes,
        boolean cpuNearLimit,
        boolean memoryNearLimit) {

    static final int NEAR_LIMIT_PERCENT = 90;

    static PodUsage of(String name, @Nullable Long cpu, @Nullable Long memory, @Nullable Long cpuRequest,
            @Nullable Long cpuLimit, @Nullable Long memoryRequest, @Nullable Long memoryLimit) {
        return new PodUsage(name, cpu, memory, cpuRequest, cpuLimit, memoryRequest, memoryLimit, near(cpu, cpuLimit),
                near(memory, memoryLimit));
    }

    /** Whole percent of the limit used, or null when either is unknown. */
    @Nullable
    public Integer cpuPercentOfLimit() {
        return percent(cpuMillicores, cpuLimitMillicores);
    }

    @Nullable
    public Integer memoryPercentOfLimit() {
        return percent(memoryBytes, memoryLimitBytes);
    }

    /** As the status page shows it: {@code 182m}, or a dash while not measured. */
    public String cpuText() {
        return cpuMillicores == null ? "–" : cpu(cpuMillicores);
    }

    public String memoryText() {
        return memoryBytes == null ? "–" : memory(memoryBytes);
    }

    /** What the pod asks for and may use at most: {@code request 100m · limit 200m}. */
    public String cpuDeclaredText() {
        return "request " + (cpuRequestMillicores == null ? "none" : cpu(cpuRequestMillicores)) + " · limit "
                + (cpuLimitMillicores == null ? "none" : cpu(cpuLimitMillicores));
    }

    public String memoryDeclaredText() {
        return "request " + (memoryRequestBytes == null ? "none" : memory(memoryRequestBytes)) + " · limit "
                + (memoryLimitBytes == null ? "none" : memory(memoryLimitBytes));
    }

    static String cpu(long millicores) {
        return millicores + "m";
    }

    /** Binary units as Kubernetes writes memory (Mi, Gi), one decimal where it is not whole. */
    static String memory(long bytes) {
        String[] units = {"Ki", "Mi", "Gi", "Ti"};
        double value = bytes;
        String unit = "B";
        for (String u : units) {
            if (value < 1024) {
                break;
            }
            value /= 1024;
            unit = u;
        }
        if (unit.equals("B")) {
            return bytes + " B";
        }
        double rounded = Math.round(value * 10) / 10.0;
        return (rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded)) + " " + unit;
    }

    static boolean near(@Nullable Long used, @Nullable Long limit) {
        return used != null && limit != null && limit > 0 && used * 100 > limit * NEAR_LIMIT_PERCENT;
    }

    @Nullable
    private static Integer percent(@Nullable Long used, @Nullable Long limit) {
        return used == null || limit == null || limit <= 0 ? null : (int) Math.round(used * 100.0 / limit);
    }
}
