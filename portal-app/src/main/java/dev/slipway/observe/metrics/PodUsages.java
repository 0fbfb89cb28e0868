package dev.slipway.observe.metrics;

import jakarta.annotation.Nullable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pure arithmetic of usage: the metrics API's figures per container added up per pod, the pod specs' requests and
 * limits added up the same way, both joined by pod name, and the service's total of one sample.
 */
final class PodUsages {

    private PodUsages() {}

    /** What the metrics API measured of one pod: the sum over its containers. */
    record Measured(String pod, long cpuMillicores, long memoryBytes) {}

    /** What one container declares; each null when the container does not set it. */
    record Declared(@Nullable Long cpuRequestMillicores, @Nullable Long cpuLimitMillicores,
            @Nullable Long memoryRequestBytes, @Nullable Long memoryLimitBytes) {}

    /** The service total of one sample. */
    record Total(long cpuMillicores, long memoryBytes, int pods) {}

    /**
     * Every pod of {@code declared} (pod name to its containers) with what was measured of it; pods the metrics
     * API knows but the pod list does not (deleted since) are left out.
     */
    static List<PodUsage> combine(Map<String, List<Declared>> declared, List<Measured> measured) {
        Map<String, Measured> byPod = measured.stream()
                .collect(Collectors.toMap(Measured::pod, Function.identity(), (a, b) -> a));
        List<PodUsage> pods = new ArrayList<>();
        for (var pod : declared.entrySet()) {
            List<Declared> containers = pod.getValue();
            Measured m = byPod.get(pod.getKey());
            pods.add(PodUsage.of(pod.getKey(), m == null ? null : m.cpuMillicores(), m == null ? null : m.memoryBytes(),
                    sum(containers, Declared::cpuRequestMillicores, false), sum(containers, Declared::cpuLimitMillicores, true),
                    sum(containers, Declared::memoryRequestBytes, false), sum(containers, Declared::memoryLimitBytes, true)));
        }
        pods.sort(Comparator.comparing(PodUsage::name));
        return pods;
    }

    static Total total(List<Measured> measured) {
        return new Total(measured.stream().mapToLong(Measured::cpuMillicores).sum(),
                measured.stream().mapToLong(Measured::memoryBytes).sum(), measured.size());
    }

    /**
     * A request adds up over the containers that set one (a container without a request asks for nothing); a
     * limit exists only when every container sets one, since one unlimited container makes the pod unlimited.
     */
    @Nullable
    static Long sum(List<Declared> containers, Function<Declared, Long> field, boolean everyContainer) {
        long total = 0;
        boolean any = false;
        for (Declared c : containers) {
            Long value = field.apply(c);
            if (value == null) {
                if (everyContainer) {
                    return null;
                }
            } else {
                total += value;
                any = true;
            }
        }
        return any ? total : null;
    }

    /** A CPU quantity (cores, as the API serialises it: {@code 250m}, {@code 100028418n}, {@code 2}) in millicores. */
    static long millicores(BigDecimal cores) {
        return cores.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** A memory quantity in whole bytes. */
    static long bytes(BigDecimal bytes) {
        return bytes.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
