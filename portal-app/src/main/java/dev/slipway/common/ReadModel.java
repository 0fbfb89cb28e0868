package dev.slipway.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose SQL reads tables that other features own, on purpose: a query whose point is the join
 * (delivery figures over requests and runs, audit search by environment, one timeline of audit and cluster
 * events). Everywhere else a feature reaches another feature's data through that feature's public service or
 * a small interface it implements (the "tables it owns" column of docs/architecture.md, "Features"). A read model only reads:
 * writing another feature's table is never allowed, read model or not; TableOwnershipTest checks both.
 * The class's javadoc says what it reads and why a join is right there.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadModel {

    /** The tables of other features this read model reads, as a reader of the class would want them listed. */
    String[] reads() default {};
}
