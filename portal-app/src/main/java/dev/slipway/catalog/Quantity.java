package dev.slipway.catalog;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 250m}, {@code 0.5}, {@code 128Mi}, {@code 1e9}) with its
 * value in base units (cores or bytes), so that a request can be compared with its limit and a spec
 * with an environment's guardrails. A pure value; {@link #parse} never throws.
 *
 * @param text the quantity as written
 * @param value the value in base units
 * @param suffix the suffix as written ({@code ""}, {@code m}, {@code Mi}, {@code e9}...)
 */
public record Quantity(String text, BigDecimal value, String suffix) implements Comparable<Quantity> {

    /** Longer texts are refused before any parsing; real quantities are a handful of characters. */
    static final int MAX_LENGTH = 64;

    /** Kubernetes stores quantities as 64-bit integers of milli-units at most. */
    private static final BigDecimal MAX_VALUE = new BigDecimal(Long.MAX_VALUE);

    private static final Pattern SYNTAX = Pattern.compile(
            "([+-]?)(\\d+(?:\\.\\d*)?|\\.\\d+)(?:([eE][+-]?\\d{1,3})|(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E))?");

    private static final BigDecimal KIBI = BigDecimal.valueOf(1024);

    /** The quantity, or empty if the text is not a Kubernetes quantity or is out of range. */
    public static Optional<Quantity> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(2));
        if ("-".equals(m.group(1))) {
            number = number.negate();
        }
        String exponent = m.group(3);
        String unit = m.group(4);
        BigDecimal value;
        String suffix;
        if (exponent != null) {
            value = number.scaleByPowerOfTen(Integer.parseInt(exponent.substring(1).replace("+", "")));
            suffix = exponent;
        } else if (unit != null) {
            value = number.multiply(multiplier(unit));
            suffix = unit;
        } else {
            value = number;
            suffix = "";
        }
        if (value.abs().compareTo(MAX_VALUE) > 0) {
            return Optional.empty();
        }
        return Optional.of(new Quantity(text, value, suffix));
    }

    /** True for the powers of 1024 ({@code Ki}, {@code Mi}...), which make sense for memory only. */
    public boolean binary() {
        return suffix.length() == 2 && suffix.charAt(1) == 'i';
    }

    /** True for {@code m} (thousandths): millicores for CPU, but almost always a mistake for memory. */
    public boolean milli() {
        return "m".equals(suffix);
    }

    public boolean positive() {
        return value.signum() > 0;
    }

    @Override
    public int compareTo(Quantity other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return text;
    }

    private static BigDecimal multiplier(String unit) {
        return switch (unit) {
            case "m" -> new BigDecimal("0.001");
            case "k" -> BigDecimal.TEN.pow(3);
            case "M" -> BigDecimal.TEN.pow(6);
            case "G" -> BigDecimal.TEN.pow(9);
            case "T" -> BigDecimal.TEN.pow(12);
            case "P" -> BigDecimal.TEN.pow(15);
            case "E" -> BigDecimal.TEN.pow(18);
            case "Ki" -> KIBI;
            case "Mi" -> KIBI.pow(2);
            case "Gi" -> KIBI.pow(3);
            case "Ti" -> KIBI.pow(4);
            case "Pi" -> KIBI.pow(5);
            case "Ei" -> KIBI.pow(6);
            default -> throw new IllegalArgumentException("not a quantity suffix: " + unit);
        };
    }
}
