package dev.slipway.common;

/** A change refused because the state moved on: stale base revision, duplicate name, illegal transition (409). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
