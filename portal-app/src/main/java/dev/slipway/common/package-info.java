/** Small types every feature shares: the exceptions that map to HTTP answers, and field problems. */
package dev.slipway.common;
