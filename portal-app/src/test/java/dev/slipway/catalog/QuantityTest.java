package dev.slipway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({
        "250m, 0.25",
        "0.5, 0.5",
        "1, 1",
        "2, 2",
        ".5, 0.5",
        "1., 1",
        "128Mi, 134217728",
        "1Gi, 1073741824",
        "1Ki, 1024",
        "512M, 512000000",
        "1e9, 1000000000",
        "1E3, 1000",
        "1.5e3, 1500",
        "12e-1, 1.2",
        "1k, 1000",
        "1E, 1000000000000000000",
        "+3, 3",
        "-1, -1",
        "134217728, 134217728"
    })
    void parsesKubernetesQuantitiesToBaseUnits(String text, String expected) {
        assertThat(Quantity.parse(text)).hasValueSatisfying(
                q -> assertThat(q.value()).isEqualByComparingTo(new BigDecimal(expected)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "one", "1mi", "1MB", "1Kb", "1e", "1e1000", "Mi", ".", "1..2", "1.2.3",
        "10Ei", "99999999999999999999", "0x10", "1,5"})
    void refusesTextThatIsNotAQuantityOrIsOutOfRange(String text) {
        assertThat(Quantity.parse(text)).isEmpty();
    }

    @Test
    void refusesNullAndOverlongText() {
        assertThat(Quantity.parse(null)).isEmpty();
        assertThat(Quantity.parse("1".repeat(65))).isEmpty();
    }

    @Test
    void comparesByValueAcrossSuffixes() {
        assertThat(q("1Gi").compareTo(q("1024Mi"))).isZero();
        assertThat(q("1G").compareTo(q("1Gi"))).isNegative();
        assertThat(q("500m").compareTo(q("0.5"))).isZero();
        assertThat(q("2").compareTo(q("1500m"))).isPositive();
    }

    @Test
    void tellsBinaryAndMilliSuffixesApart() {
        assertThat(q("512Mi").binary()).isTrue();
        assertThat(q("512M").binary()).isFalse();
        assertThat(q("512m").milli()).isTrue();
        assertThat(q("1e3").binary()).isFalse();
        assertThat(q("0").positive()).isFalse();
        assertThat(q("1m").positive()).isTrue();
    }

    private static Quantity q(String text) {
        return Quantity.parse(text).orElseThrow();
    }
}
