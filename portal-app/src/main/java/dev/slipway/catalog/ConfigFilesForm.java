package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Config files as path/content rows; blank rows and rows marked for removal are left out. */
record ConfigFilesForm(String baseRevision, String changeSummary, List<FileRow> files) implements SpecSectionForm {

    static final int BLANK_ROWS = 1;

    ConfigFilesForm {
        files = files == null ? List.of() : files.stream().map(row -> row == null ? FileRow.BLANK : row).toList();
    }

    /** One file; {@code remove} is a Boolean so a row added by script still binds. */
    record FileRow(String path, String content, Boolean remove) {

        static final FileRow BLANK = new FileRow("", "", false);

        boolean removed() {
            return Boolean.TRUE.equals(remove);
        }

        boolean blank() {
            return FormInput.blank(path) && (content == null || content.isEmpty());
        }
    }

    static ConfigFilesForm of(RevisionView revision) {
        List<FileRow> rows = new ArrayList<>();
        revision.spec().configFiles().forEach(file -> rows.add(new FileRow(file.path(), file.content(), false)));
        for (int i = 0; i < BLANK_ROWS; i++) {
            rows.add(FileRow.BLANK);
        }
        return new ConfigFilesForm(String.valueOf(revision.number()), "", rows);
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        List<ServiceSpec.ConfigFile> kept = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            FileRow row = files.get(i);
            if (row.removed() || row.blank()) {
                continue;
            }
            if (FormInput.blank(row.path())) {
                problems.add(new FieldProblem("files[" + i + "].path", "is required for a file's content "
                        + "(tick remove to drop the row)"));
                continue;
            }
            kept.add(new ServiceSpec.ConfigFile(row.path().strip(),
                    LineEndings.normalize(row.content() == null ? "" : row.content())));
        }
        return base.withConfigFiles(kept);
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        Optional<Integer> index = SpecPaths.indexUnder("spec.configFiles", problem.field());
        List<Integer> rows = keptRows();
        if (index.isEmpty() || index.get() >= rows.size()) {
            return null;
        }
        String at = "files[" + rows.get(index.get()) + "]";
        return problem.field().endsWith(".content") ? at + ".content" : at + ".path";
    }

    /** The form rows that became {@code spec.configFiles}, in order: a problem's index points into this. */
    private List<Integer> keptRows() {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            FileRow row = files.get(i);
            if (!row.removed() && !row.blank() && !FormInput.blank(row.path())) {
                rows.add(i);
            }
        }
        return rows;
    }
}
