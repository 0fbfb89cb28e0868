package dev.slipway.deploy.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a log stream into lines as bytes arrive, so each line can be sent the moment its newline is read. A line
 * keeps at most {@value #MAX_BYTES} bytes (a container that prints megabytes without a newline must not fill the
 * heap); the rest is counted and said in the line's note ({@link LogText#line(String, long)}).
 */
final class LogLineReader {

    static final int MAX_BYTES = 64 * 1024;

    /** One line without its newline: {@code length} bytes of {@code bytes}, and {@code unread} bytes dropped. */
    record Line(byte[] bytes, int length, long unread) {}

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    LogLineReader(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the stream (a last line without newline is still returned). */
    Line next() throws IOException {
        byte[] line = new byte[256];
        int length = 0;
        long unread = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? new Line(line, length, unread) : null;
                }
            }
            any = true;
            byte b = buffer[position++];
            if (b == '\n') {
                return new Line(line, length, unread);
            }
            if (length < MAX_BYTES) {
                if (length == line.length) {
                    line = Arrays.copyOf(line, Math.min(MAX_BYTES, line.length * 2));
                }
                line[length++] = b;
            } else {
                unread++;
            }
        }
    }
}
