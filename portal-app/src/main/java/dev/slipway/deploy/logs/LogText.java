package dev.slipway.deploy.logs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a container printed, made safe to show and to save: terminal escape sequences (colours, cursor moves,
 * window titles, clipboard writes) are removed, other control characters and bytes that are not UTF-8 become a
 * visible sign, and a line longer than {@value #MAX_LINE} characters is cut with a note of how much was left out.
 * Pages still insert the result as text, never as HTML; this only keeps a person's screen and terminal sane.
 */
public final class LogText {

    /** The longest line kept, in characters (Unicode code points). */
    public static final int MAX_LINE = 8192;

    private static final char ESC = 0x1B;
    private static final char BEL = 0x07;
    private static final String REPLACEMENT = "\uFFFD";

    private LogText() {}

    /** Bytes of one line as the container wrote them: UTF-8 where it is, {@code U+FFFD} where it is not. */
    public static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }

    /** Every line of a log cleaned by {@link #line(String)}; line breaks stay. */
    public static String lines(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                if (start < text.length()) {
                    out.append(line(text.substring(start)));
                }
                break;
            }
            out.append(line(text.substring(start, end))).append('\n');
            start = end + 1;
        }
        return out.toString();
    }

    /** One line, cleaned (see the class comment). */
    public static String line(String raw) {
        return line(raw, 0);
    }

    /**
     * One line, cleaned; {@code unreadBytes} are bytes of the same line that were never read (a reader keeps a
     * bounded amount of one line), said in the note at its end.
     */
    public static String line(String raw, long unreadBytes) {
        String text = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LINE + 16));
        int kept = 0;
        long more = 0;
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (c == ESC || c == 0x9B) {
                i = skipEscape(text, i);
                continue;
            }
            i += Character.charCount(c);
            String shown = visible(c);
            if (shown.isEmpty()) {
                continue;
            }
            if (kept < MAX_LINE) {
                out.append(shown);
                kept++;
            } else {
                more++;
            }
        }
        if (more > 0 || unreadBytes > 0) {
            out.append("… (").append(more).append(" more characters");
            if (unreadBytes > 0) {
                out.append(" and ").append(unreadBytes).append(" more bytes");
            }
            out.append(')');
        }
        return out.toString();
    }

    /** A character as shown: itself, a control picture for a C0 control or DEL, U+FFFD for what could mislead. */
    private static String visible(int c) {
        if (c == '\t') {
            return "\t";
        }
        if (c < 0x20) {
            return String.valueOf((char) (0x2400 + c)); // ␀ … ␟: the character says which control it stands for
        }
        if (c == 0x7F) {
            return "\u2421";
        }
        if (c >= 0x80 && c <= 0x9F) {
            return REPLACEMENT;
        }
        // Directional overrides and isolates reorder what follows them on screen (text that reads differently
        // from what it is), so they are shown, not obeyed.
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
            return REPLACEMENT;
        }
        if (Character.isSurrogate((char) c) && c <= 0xFFFF) {
            return REPLACEMENT;
        }
        return new String(Character.toChars(c));
    }

    /**
     * The index after the escape sequence starting at {@code i} (ESC or the 8-bit CSI): CSI (colours, cursor),
     * OSC, DCS, SOS, PM and APC strings (titles, hyperlinks, clipboard) up to BEL or ST, character set
     * designations and single-character escapes. An unfinished sequence runs to the end of the line.
     */
    private static int skipEscape(String text, int i) {
        int n = text.length();
        int j;
        if (text.charAt(i) == 0x9B) {
            j = i + 1;
            return skipCsi(text, j);
        }
        j = i + 1;
        if (j >= n) {
            return n;
        }
        char next = text.charAt(j);
        if (next == '[') {
            return skipCsi(text, j + 1);
        }
        if (next == ']' || next == 'P' || next == 'X' || next == '^' || next == '_') {
            for (int k = j + 1; k < n; k++) {
                char c = text.charAt(k);
                if (c == BEL || c == 0x9C) {
                    return k + 1;
                }
                if (c == ESC && k + 1 < n && text.charAt(k + 1) == '\\') {
                    return k + 2;
                }
            }
            return n;
        }
        if (next >= 0x20 && next <= 0x2F) {
            int k = j;
            while (k < n && text.charAt(k) >= 0x20 && text.charAt(k) <= 0x2F) {
                k++;
            }
            return Math.min(n, k + 1);
        }
        if (next >= 0x30 && next <= 0x7E) {
            return j + 1;
        }
        return j; // ESC before something that starts no sequence: drop the ESC alone
    }

    private static int skipCsi(String text, int j) {
        int n = text.length();
        int k = j;
        while (k < n && text.charAt(k) >= 0x20 && text.charAt(k) <= 0x3F) {
            k++;
        }
        if (k < n && text.charAt(k) >= 0x40 && text.charAt(k) <= 0x7E) {
            return k + 1;
        }
        return k; // not a finished CSI: what follows is shown (a stray byte must not swallow the line)
    }
}
