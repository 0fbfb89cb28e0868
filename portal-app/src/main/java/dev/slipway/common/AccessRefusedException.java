package dev.slipway.common;

/** Signed in, but not allowed to do this (403). The message says who would be. */
public class AccessRefusedException extends RuntimeException {

    public AccessRefusedException(String message) {
        super(message);
    }
}
