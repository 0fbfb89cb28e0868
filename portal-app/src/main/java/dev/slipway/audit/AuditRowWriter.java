package dev.slipway.audit;

import java.io.IOException;

/** Writes events one at a time as they come from the database, so an export never holds more than one. */
interface AuditRowWriter {

    /** Writes what comes before the first event (a header line, for example). */
    default void begin() throws IOException {}

    void write(AuditRow row) throws IOException;

    /** Flushes what is buffered; the caller owns and closes the stream. */
    void finish() throws IOException;
}
