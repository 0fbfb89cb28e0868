package dev.slipway.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.DiffLines.Kind;
import dev.slipway.common.DiffLines.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffLinesTest {

    @Test
    void aChangedValueReadsAsARemovedAndAnAddedLine() {
        var field = DiffLines.of("spec.image", "api:1", "api:2");

        assertThat(field.kind()).isEqualTo(Kind.CONTEXT);
        assertThat(rendered(field.lines())).containsExactly("-spec.image: api:1", "+spec.image: api:2");
    }

    @Test
    void aFieldOnOneSideOnlyIsOneAddedOrRemovedLine() {
        assertThat(rendered(DiffLines.of("spec.replicas", null, "3").lines())).containsExactly("+spec.replicas: 3");
        assertThat(DiffLines.of("spec.replicas", null, "3").kind()).isEqualTo(Kind.ADDED);
        assertThat(rendered(DiffLines.of("spec.replicas", "3", null).lines())).containsExactly("-spec.replicas: 3");
    }

    @Test
    void aNewMultiLineValueIsShownAsItsLinesWhateverItsLineEndings() {
        var field = DiffLines.of("data.\"app.yaml\"", null, "server:\r\n  port: 8080\r\n");

        assertThat(rendered(field.lines())).containsExactly("+data.\"app.yaml\": |", "+  server:", "+    port: 8080");
    }

    @Test
    void twoMultiLineValuesMarkOnlyTheLinesThatDifferWithContextAroundThem() {
        String before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        String after = "a\nb\nc\nd\ne\nF\ng\nh\ni\nj\n";

        var field = DiffLines.of("data.file", before, after);

        assertThat(rendered(field.lines())).containsExactly(" data.file: |", " … 2 unchanged lines", "   c", "   d",
                "   e", "-  f", "+  F", "   g", "   h", "   i", " … 1 unchanged line");
    }

    @Test
    void removedLinesComeBeforeAddedOnesInARunOfChanges() {
        assertThat(rendered(DiffLines.compare(List.of("x", "old1", "old2", "y"), List.of("x", "new1", "y"))))
                .containsExactly(" x", "-old1", "-old2", "+new1", " y");
    }

    @Test
    void oneSideMultiLineAndTheOtherNotIsStillComparedLineByLine() {
        assertThat(rendered(DiffLines.of("spec.config.MOTD", "hello", "hello\nworld").lines()))
                .containsExactly(" spec.config.MOTD: |", "   hello", "+  world");
    }

    private static List<String> rendered(List<Line> lines) {
        return lines.stream().map(l -> l.sign() + l.text()).toList();
    }
}
