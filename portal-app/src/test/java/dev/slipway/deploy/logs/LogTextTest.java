package dev.slipway.deploy.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a container prints reaches a person's screen and terminal without taking either over. */
class LogTextTest {

    @Test
    void colourCodesAreRemovedAndTheTextStays() {
        assertThat(LogText.line("\u001b[31mERROR\u001b[0m db \u001b[1;38;5;208mdown\u001b[m")).isEqualTo("ERROR db down");
    }

    @Test
    void cursorMovesAndScreenClearsAreRemoved() {
        assertThat(LogText.line("\u001b[2J\u001b[H\u001b[10;20Hhello\u001b[K\u001b[?25l")).isEqualTo("hello");
    }

    @Test
    void oscTitlesHyperlinksAndClipboardWritesAreRemovedWhicheverWayTheyEnd() {
        assertThat(LogText.line("a\u001b]0;pwned title\u0007b")).isEqualTo("ab");
        assertThat(LogText.line("\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\")).isEqualTo("click");
        assertThat(LogText.line("x\u001b]52;c;ZXZpbA==\u0007y")).isEqualTo("xy");
        assertThat(LogText.line("x\u001bPq#0;2;0;0;0\u001b\\y")).isEqualTo("xy");
    }

    @Test
    void charsetDesignationsAndSingleCharacterEscapesAreRemoved() {
        assertThat(LogText.line("\u001b(Bplain\u001bc\u001b7saved\u001b8")).isEqualTo("plainsaved");
    }

    @Test
    void anUnfinishedSequenceAtTheEndOfTheLineIsDropped() {
        assertThat(LogText.line("tail\u001b")).isEqualTo("tail");
        assertThat(LogText.line("tail\u001b]0;never ends")).isEqualTo("tail");
        assertThat(LogText.line("tail\u001b[12")).isEqualTo("tail");
    }

    @Test
    void otherControlCharactersBecomeTheirVisiblePicture() {
        assertThat(LogText.line("a\u0000b\u0007c\u0008d\u007fe")).isEqualTo("a\u2400b\u2407c\u2408d\u2421e");
        assertThat(LogText.line("progress 10%\rprogress 20%")).isEqualTo("progress 10%\u240dprogress 20%");
    }

    @Test
    void tabsStayAndATrailingCarriageReturnGoes() {
        assertThat(LogText.line("key\tvalue\r")).isEqualTo("key\tvalue");
    }

    @Test
    void c1ControlsAndDirectionOverridesAreReplaced() {
        assertThat(LogText.line("a\u0085b\u009bc")).isEqualTo("a\uFFFDb");
        assertThat(LogText.line("user \u202Enimda\u202C ok")).isEqualTo("user \uFFFDnimda\uFFFD ok");
        assertThat(LogText.line("\u2066x\u2069")).isEqualTo("\uFFFDx\uFFFD");
    }

    @Test
    void bytesThatAreNotUtf8BecomeTheReplacementCharacterAndUtf8Stays() {
        byte[] bytes = {'o', 'k', ' ', (byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xFF, (byte) 0xFE, ' ', (byte) 0xE2, (byte) 0x82};
        assertThat(LogText.line(LogText.decode(bytes, bytes.length))).isEqualTo("ok é \uFFFD\uFFFD \uFFFD");
        byte[] emoji = "deploy 🚀 done".getBytes(StandardCharsets.UTF_8);
        assertThat(LogText.line(LogText.decode(emoji, emoji.length))).isEqualTo("deploy 🚀 done");
    }

    @Test
    void aLongLineIsCutSayingHowMuchWasLeftOut() {
        String line = "x".repeat(LogText.MAX_LINE + 1234);
        String shown = LogText.line(line);
        assertThat(shown).startsWith("x".repeat(LogText.MAX_LINE) + "…").endsWith("… (1234 more characters)");
        assertThat(shown.codePointCount(0, shown.length())).isLessThan(LogText.MAX_LINE + 40);
    }

    @Test
    void aLineOfExactlyTheLimitIsKeptWhole() {
        String line = "y".repeat(LogText.MAX_LINE);
        assertThat(LogText.line(line)).isEqualTo(line);
    }

    @Test
    void theCutCountsCharactersNotHalvesOfThemAndNeverSplitsAPair() {
        String line = "😀".repeat(LogText.MAX_LINE + 2);
        String shown = LogText.line(line);
        assertThat(shown).startsWith("😀".repeat(LogText.MAX_LINE) + "…").endsWith("(2 more characters)");
        assertThat(shown.chars().filter(c -> Character.isSurrogate((char) c)).count()).isEqualTo(2L * LogText.MAX_LINE);
    }

    @Test
    void bytesAReaderNeverReadAreSaidToo() {
        assertThat(LogText.line("abc", 500)).isEqualTo("abc… (0 more characters and 500 more bytes)");
    }

    @Test
    void aWholeLogIsCleanedLineByLineKeepingItsLineBreaks() {
        assertThat(LogText.lines("\u001b[32mone\u001b[0m\r\ntwo\u0000\n\nthree\n"))
                .isEqualTo("one\ntwo\u2400\n\nthree\n");
        assertThat(LogText.lines("")).isEmpty();
        assertThat(LogText.lines(null)).isEmpty();
    }

    @Test
    void htmlInALogLineIsLeftAsTextForThePageToEscape() {
        // Escaping belongs to where text meets HTML (th:text, textContent); the line itself stays what was printed.
        assertThat(LogText.line("<script>alert(1)</script>")).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void theReaderSplitsLinesAndBoundsAnEndlessOne() throws Exception {
        byte[] endless = new byte[LogLineReader.MAX_BYTES + 100];
        java.util.Arrays.fill(endless, (byte) 'z');
        byte[] input = concat("first\nsecond\r\n".getBytes(StandardCharsets.UTF_8), endless, "\nlast".getBytes(StandardCharsets.UTF_8));
        LogLineReader reader = new LogLineReader(new ByteArrayInputStream(input));
        assertThat(text(reader.next())).isEqualTo("first");
        assertThat(text(reader.next())).isEqualTo("second\r");
        LogLineReader.Line long_ = reader.next();
        assertThat(long_.length()).isEqualTo(LogLineReader.MAX_BYTES);
        assertThat(long_.unread()).isEqualTo(100);
        assertThat(text(reader.next())).isEqualTo("last");
        assertThat(reader.next()).isNull();
    }

    private static String text(LogLineReader.Line line) {
        return new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
