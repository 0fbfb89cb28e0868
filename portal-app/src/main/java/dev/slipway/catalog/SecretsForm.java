package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The names of the secrets a service needs. Values are never part of the spec: they are set on the
 * secrets page and pinned to revisions by the secrets feature.
 */
record SecretsForm(String baseRevision, String changeSummary, List<SecretRow> keys) implements SpecSectionForm {

    static final int BLANK_ROWS = 2;

    SecretsForm {
        keys = keys == null ? List.of() : keys.stream().map(row -> row == null ? SecretRow.BLANK : row).toList();
    }

    /** One declared secret key; {@code remove} is a Boolean so a row added by script still binds. */
    record SecretRow(String key, Boolean remove) {

        static final SecretRow BLANK = new SecretRow("", false);

        boolean removed() {
            return Boolean.TRUE.equals(remove);
        }
    }

    static SecretsForm of(RevisionView revision) {
        List<SecretRow> rows = new ArrayList<>();
        revision.spec().secrets().forEach(key -> rows.add(new SecretRow(key, false)));
        for (int i = 0; i < BLANK_ROWS; i++) {
            rows.add(SecretRow.BLANK);
        }
        return new SecretsForm(String.valueOf(revision.number()), "", rows);
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        return base.withSecrets(keptRows().stream().map(i -> keys.get(i).key().strip()).toList());
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        Optional<Integer> index = SpecPaths.indexUnder("spec.secrets", problem.field());
        List<Integer> rows = keptRows();
        return index.isEmpty() || index.get() >= rows.size() ? null : "keys[" + rows.get(index.get()) + "].key";
    }

    private List<Integer> keptRows() {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            SecretRow row = keys.get(i);
            if (!row.removed() && !FormInput.blank(row.key())) {
                rows.add(i);
            }
        }
        return rows;
    }
}
