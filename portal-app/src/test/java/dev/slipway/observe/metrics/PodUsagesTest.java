package dev.slipway.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodUsagesTest {

    private static final long MI = 1024 * 1024;

    @Test
    void eachPodShowsItsMeasuredUsageBesideTheSumOfItsContainersRequestsAndLimits() {
        Map<String, List<PodUsages.Declared>> declared = new LinkedHashMap<>();
        declared.put("api-b", List.of(new PodUsages.Declared(100L, 200L, 32 * MI, 64 * MI),
                new PodUsages.Declared(50L, 100L, 16 * MI, 32 * MI)));
        declared.put("api-a", List.of(new PodUsages.Declared(100L, 200L, 32 * MI, 64 * MI)));

        List<PodUsage> pods = PodUsages.combine(declared, List.of(new PodUsages.Measured("api-b", 120, 40 * MI),
                new PodUsages.Measured("api-gone", 5, MI)));

        assertThat(pods).extracting(PodUsage::name).containsExactly("api-a", "api-b");
        PodUsage a = pods.get(0);
        assertThat(a.cpuMillicores()).as("not measured yet").isNull();
        assertThat(a.cpuText()).isEqualTo("–");
        PodUsage b = pods.get(1);
        assertThat(b.cpuMillicores()).isEqualTo(120);
        assertThat(b.cpuRequestMillicores()).isEqualTo(150);
        assertThat(b.cpuLimitMillicores()).isEqualTo(300);
        assertThat(b.memoryLimitBytes()).isEqualTo(96 * MI);
        assertThat(b.cpuPercentOfLimit()).isEqualTo(40);
        assertThat(b.cpuDeclaredText()).isEqualTo("request 150m · limit 300m");
        assertThat(b.memoryDeclaredText()).isEqualTo("request 48 Mi · limit 96 Mi");
    }

    @Test
    void onlyUsageAboveNinetyPercentOfALimitIsNearIt() {
        assertThat(PodUsage.near(181L, 200L)).isTrue();
        assertThat(PodUsage.near(180L, 200L)).as("exactly 90 %").isFalse();
        assertThat(PodUsage.near(500L, null)).as("no limit").isFalse();
        assertThat(PodUsage.near(null, 200L)).as("not measured").isFalse();
        PodUsage burning = PodUsage.of("p", 199L, 10 * MI, 100L, 200L, null, 64 * MI);
        assertThat(burning.cpuNearLimit()).isTrue();
        assertThat(burning.memoryNearLimit()).isFalse();
    }

    @Test
    void aContainerWithoutALimitLeavesThePodWithoutOneButRequestsStillAddUp() {
        var limited = new PodUsages.Declared(100L, 200L, null, 64 * MI);
        var open = new PodUsages.Declared(null, null, null, null);
        assertThat(PodUsages.sum(List.of(limited, open), PodUsages.Declared::cpuLimitMillicores, true)).isNull();
        assertThat(PodUsages.sum(List.of(limited, open), PodUsages.Declared::cpuRequestMillicores, false)).isEqualTo(100);
        assertThat(PodUsages.sum(List.of(open), PodUsages.Declared::cpuRequestMillicores, false)).isNull();
    }

    @Test
    void quantitiesAsTheMetricsApiWritesThemBecomeMillicoresAndBytes() {
        assertThat(PodUsages.millicores(new BigDecimal("0.100028418"))).isEqualTo(100);
        assertThat(PodUsages.millicores(new BigDecimal("2"))).isEqualTo(2000);
        assertThat(PodUsages.bytes(new BigDecimal(2036 * 1024))).isEqualTo(2_084_864);
        assertThat(PodUsage.memory(2_084_864)).isEqualTo("2 Mi");
        assertThat(PodUsage.memory(1536)).isEqualTo("1.5 Ki");
        assertThat(PodUsage.memory(512)).isEqualTo("512 B");
    }

    @Test
    void aSampleIsTheTotalOfThePodsMeasured() {
        var total = PodUsages.total(List.of(new PodUsages.Measured("a", 100, MI), new PodUsages.Measured("b", 50, 2 * MI)));
        assertThat(total).isEqualTo(new PodUsages.Total(150, 3 * MI, 2));
    }
}
