package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.ReadModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table belongs to one feature, as the "tables it owns" column of docs/architecture.md ("Features") says;
 * this test reads that table, so the document and the code cannot disagree. SQL in main code names a table only
 * inside the feature that owns it, unless the class is a {@link ReadModel} that lists the table among what it
 * reads. Writing another feature's table (insert, update, delete) is refused even there. ArchUnit cannot see SQL,
 * so the sources are read: only string literals and text blocks, never comments, and only literals that look
 * like SQL.
 */
class TableOwnershipTest {

    private static final Path ROOT = repositoryRoot();
    private static final Path SOURCES = ROOT.resolve("portal-app/src/main/java");

    /** A table named after one of the words SQL puts before a table; group 1 the word, group 2 the name. */
    private static final Pattern TABLE_REFERENCE = Pattern.compile(
            "(?i:\\b(from|join|into|update|delete\\s+from|table))\\s+([a-z_][a-z0-9_]*)\\b");

    /** What makes a literal SQL rather than a sentence that happens to say "from". */
    private static final Pattern SQL_SHAPE = Pattern.compile(
            "(?i)\\bselect\\b|\\binsert\\s+into\\b|\\bupdate\\s+[a-z_]+\\s+set\\b|\\bdelete\\s+from\\b|\\bjoin\\s+[a-z_]+"
                    + "(\\s+[a-z_]+)?\\s+on\\b|\\bwhere\\b|\\border\\s+by\\b|\\?");

    @Test
    void everyTableCreatedByAMigrationHasAnOwnerInTheArchitectureDocument() throws IOException {
        Map<String, String> owners = owners();
        Set<String> created = new TreeSet<>();
        Pattern create = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
        try (Stream<Path> migrations = Files.list(ROOT.resolve("db/src/main/resources/db/migration"))) {
            for (Path migration : migrations.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Matcher m = create.matcher(Files.readString(migration, StandardCharsets.UTF_8));
                while (m.find()) {
                    created.add(m.group(1).toLowerCase());
                }
            }
        }
        assertThat(created).isNotEmpty();
        List<String> unowned = created.stream().filter(table -> ownerOf(owners, table) == null).toList();
        assertThat(unowned).as("tables no row of docs/architecture.md's feature table owns").isEmpty();
    }

    @Test
    void sqlNamesAnotherFeaturesTableOnlyInAReadModelAndNeverWritesIt() throws IOException {
        Map<String, String> owners = owners();
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String feature = featureOf(file);
                String className = SOURCES.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
                ReadModel readModel = readModelOf(className);
                Set<String> mayRead = readModel == null ? Set.of() : Set.of(readModel.reads());
                for (String literal : stringLiterals(Files.readString(file, StandardCharsets.UTF_8))) {
                    if (!SQL_SHAPE.matcher(literal).find()) {
                        continue;
                    }
                    Matcher reference = TABLE_REFERENCE.matcher(literal);
                    while (reference.find()) {
                        String table = reference.group(2);
                        String owner = ownerOf(owners, table);
                        if (owner == null || owner.equals(feature)) {
                            continue;
                        }
                        String verb = reference.group(1).toLowerCase().replaceAll("\\s+", " ");
                        boolean writes = verb.equals("into") || verb.equals("update") || verb.equals("delete from")
                                || verb.equals("table");
                        if (writes) {
                            wrong.add(className + " writes " + table + " (owned by " + owner + "): " + verb + " " + table);
                        } else if (!mayRead.contains(table)) {
                            wrong.add(className + " reads " + table + " (owned by " + owner + ")"
                                    + (readModel == null ? ": ask " + owner + "'s service, or make the class a @ReadModel"
                                            : ": not listed in its @ReadModel(reads)"));
                        }
                    }
                }
            }
        }
        assertThat(wrong).as("SQL on tables of other features").isEmpty();
    }

    @Test
    void theScannerSeesSqlInLiteralsAndTextBlocksButNotInCommentsOrSentences() {
        String source = """
                class Example {
                    // select * from users where id = ?
                    /* join teams t on t.id = s.team_id */
                    String sql = "select s.name from services s" + " join teams t on t.id = s.team_id";
                    String block = \"""
                            select * from environments where name = ?
                            \""";
                    String sentence = "Comes from users of the portal.";
                    char quote = '"';
                }
                """;
        List<String> literals = stringLiterals(source);
        assertThat(literals).hasSize(4);
        List<String> tables = new ArrayList<>();
        for (String literal : literals) {
            if (SQL_SHAPE.matcher(literal).find()) {
                Matcher m = TABLE_REFERENCE.matcher(literal);
                while (m.find()) {
                    tables.add(m.group(2));
                }
            }
        }
        assertThat(tables).containsExactly("services", "teams", "environments");
    }

    /** Table (or prefix, for a name ending in *) to feature, from the "tables it owns" column. */
    private static Map<String, String> owners() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"), StandardCharsets.UTF_8);
        Map<String, String> owners = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : doc.split("\n")) {
            if (line.startsWith("| package | what it does | tables it owns |")) {
                inTable = true;
                continue;
            }
            if (!inTable) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 4 || cells[1].contains("---")) {
                continue;
            }
            String feature = cells[1].strip().replace("`", "");
            Matcher name = Pattern.compile("`([a-z_*]+)`").matcher(cells[cells.length - 1]);
            while (name.find()) {
                String previous = owners.put(name.group(1), feature);
                assertThat(previous).as("table " + name.group(1) + " owned twice").isNull();
            }
        }
        assertThat(owners).as("the feature table of docs/architecture.md").containsKeys("users", "services",
                "deployment_requests", "audit_events");
        return owners;
    }

    private static String ownerOf(Map<String, String> owners, String table) {
        String exact = owners.get(table);
        if (exact != null) {
            return exact;
        }
        return owners.entrySet().stream()
                .filter(e -> e.getKey().endsWith("*") && table.startsWith(e.getKey().substring(0, e.getKey().length() - 1)))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static String featureOf(Path file) {
        Path relative = SOURCES.resolve("dev/slipway").relativize(file);
        return relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
    }

    private static ReadModel readModelOf(String className) {
        try {
            return Class.forName(className, false, TableOwnershipTest.class.getClassLoader())
                    .getAnnotation(ReadModel.class);
        } catch (ClassNotFoundException e) {
            return null; // a file of several package-private types (identity's Repositories): none is a read model
        }
    }

    /**
     * The contents of the string literals and text blocks of a Java source, with comments and character
     * literals skipped. Escapes are kept as written: table names never hold one.
     */
    static List<String> stringLiterals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int start = i + 3;
                int j = start;
                while (j < n && !source.startsWith("\"\"\"", j)) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                literals.add(source.substring(start, Math.min(j, n)));
                i = j + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    literals.add(source.substring(i + 1, Math.min(j, n)));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("portal-app"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the repository root (with docs/ and portal-app/) is not above "
                + Path.of("").toAbsolutePath());
    }
}
