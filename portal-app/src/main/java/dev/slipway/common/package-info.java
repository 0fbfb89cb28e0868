/** Small types every feature shares: the exceptions that map to HTTP answers, field problems, and what text may hold. */
package dev.slipway.common;
