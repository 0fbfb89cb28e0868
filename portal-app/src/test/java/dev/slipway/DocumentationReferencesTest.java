package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Comments and scripts point into the repository's own design record (docs/), never to documents that live
 * outside it, and every docs/ file they name exists.
 */
class DocumentationReferencesTest {

    private static final Pattern OUTSIDE = Pattern.compile("\\b(DESIGN|API|STYLE|KUBERNETES)\\.md\\b|\\.\\./shared/");
    private static final Pattern DOCS = Pattern.compile("docs/([A-Za-z0-9._-]+\\.md)");
    private static final List<String> SEARCHED = List.of("portal-app/src", "portal-ui/src", "db/src", "bin", "bench",
            "helm", ".ci", "docs", "README.md", "pom.xml", "docker-compose.yml");

    @Test
    void nothingPointsOutsideTheRepositoryAndEveryNamedDocExists() throws IOException {
        Path root = repositoryRoot();
        List<String> outside = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Path file : files(root)) {
            String text = read(file);
            if (text == null) {
                continue; // not text
            }
            String name = root.relativize(file).toString();
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (OUTSIDE.matcher(lines[i]).find()) {
                    outside.add(name + ":" + (i + 1) + ": " + lines[i].strip());
                }
                Matcher doc = DOCS.matcher(lines[i]);
                while (doc.find()) {
                    if (!Files.exists(root.resolve("docs").resolve(doc.group(1)))) {
                        missing.add(name + ":" + (i + 1) + ": docs/" + doc.group(1));
                    }
                }
            }
        }
        assertThat(outside).as("references to documents outside the repository").isEmpty();
        assertThat(missing).as("references to docs/ files that do not exist").isEmpty();
    }

    private static List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String searched : SEARCHED) {
            Path start = root.resolve(searched);
            if (!Files.exists(start)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(start)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/out/")
                                && !p.toString().contains("/node_modules/"))
                        .filter(p -> !p.getFileName().toString().equals("DocumentationReferencesTest.java"))
                        .forEach(files::add);
            }
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("portal-app"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the repository root (with docs/ and portal-app/) is not above " + Path.of("").toAbsolutePath());
    }
}
