package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration as key/value rows; blank rows and rows marked for removal are left out. */
record ConfigForm(String baseRevision, String changeSummary, List<ConfigRow> entries) implements SpecSectionForm {

    static final int BLANK_ROWS = 3;

    ConfigForm {
        entries = ConfigRow.normalized(entries);
    }

    static ConfigForm of(RevisionView revision) {
        return new ConfigForm(String.valueOf(revision.number()), "", ConfigRow.rowsOf(revision.spec().config()));
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        return base.withConfig(ConfigRow.toMap(entries, "entries", problems));
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        return ConfigRow.fieldFor(entries, "entries", "spec.config", problem);
    }

    /**
     * One key/value row, shared by the configuration form and the per-environment override form.
     * {@code remove} is a Boolean so a row without the checkbox (added by script) still binds.
     */
    record ConfigRow(String key, String value, Boolean remove) {

        static final ConfigRow BLANK = new ConfigRow("", "", false);

        /** Rows as bound: a gap left by a row removed in the browser becomes a blank row. */
        static List<ConfigRow> normalized(List<ConfigRow> rows) {
            return rows == null ? List.of() : rows.stream().map(row -> row == null ? BLANK : row).toList();
        }

        boolean removed() {
            return Boolean.TRUE.equals(remove);
        }

        boolean blank() {
            return FormInput.blank(key) && (value == null || value.isEmpty());
        }

        static List<ConfigRow> rowsOf(Map<String, String> config) {
            List<ConfigRow> rows = new ArrayList<>();
            config.forEach((key, value) -> rows.add(new ConfigRow(key, value, false)));
            for (int i = 0; i < BLANK_ROWS; i++) {
                rows.add(BLANK);
            }
            return rows;
        }

        /** The map the rows describe; a value without key and a key given twice are problems of the row. */
        static Map<String, String> toMap(List<ConfigRow> rows, String field, List<FieldProblem> problems) {
            Map<String, String> config = new LinkedHashMap<>();
            Map<String, Integer> firstRow = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                ConfigRow row = rows.get(i);
                if (row.removed() || row.blank()) {
                    continue;
                }
                String at = field + "[" + i + "].key";
                if (FormInput.blank(row.key())) {
                    problems.add(new FieldProblem(at, "is required for a value (tick remove to drop the row)"));
                    continue;
                }
                String key = row.key().strip();
                Integer first = firstRow.putIfAbsent(key, i);
                if (first != null) {
                    problems.add(new FieldProblem(at, "appears twice: " + key + " is also in row " + (first + 1)));
                    continue;
                }
                config.put(key, row.value() == null ? "" : row.value());
            }
            return config;
        }

        /** Shows a problem of {@code specPath.KEY} next to the key or the value of the row with that key. */
        static String fieldFor(List<ConfigRow> rows, String field, String specPath, FieldProblem problem) {
            Optional<String> key = SpecPaths.keyUnder(specPath, problem.field());
            if (key.isEmpty()) {
                return null;
            }
            for (int i = 0; i < rows.size(); i++) {
                ConfigRow row = rows.get(i);
                if (!row.removed() && row.key() != null && row.key().strip().equals(key.get())) {
                    boolean aboutKey = problem.message().startsWith(SpecValidator.KEY_PROBLEM);
                    return field + "[" + i + "]" + (aboutKey ? ".key" : ".value");
                }
            }
            return null;
        }
    }
}
