package dev.ordinal.openapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.ordinal.registry.openapi.SchemaFiles;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed schema documents under {@code openapi/} are what {@link SchemaGenerator} makes of
 * the served kinds. After a change to the kinds, the model version or the notes, regenerate them
 * with {@code -Dordinal.openapi.write=true}.
 */
@ServerTest
class SchemaFilesTest {

    private static final Path DIRECTORY = Path.of(SchemaFiles.DIRECTORY);

    @Autowired
    ResourceRegistry resources;

    @Test
    void committedSchemasAreUpToDate() throws IOException {
        Map<String, String> generated = new SchemaGenerator().documents(resources.all());
        if (Boolean.getBoolean("ordinal.openapi.write")) {
            write(generated);
        }
        assertThat(committedFiles()).as("schema files in %s", DIRECTORY).isEqualTo(generated.keySet());
        for (Map.Entry<String, String> document : generated.entrySet()) {
            String committed = Files.readString(DIRECTORY.resolve(document.getKey()));
            assertThat(firstDifference(committed, document.getValue()))
                    .as("%s is out of date; rerun with -Dordinal.openapi.write=true", document.getKey())
                    .isEmpty();
        }
    }

    /** The first line where the two texts differ, with its number, or "" when they are equal. */
    private static String firstDifference(String committed, String generated) {
        List<String> a = committed.lines().toList();
        List<String> b = generated.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String left = i < a.size() ? a.get(i) : "<end of file>";
            String right = i < b.size() ? b.get(i) : "<end of file>";
            if (!left.equals(right)) {
                return "line " + (i + 1) + ": committed " + left.strip() + ", generated " + right.strip();
            }
        }
        return committed.equals(generated) ? "" : "line endings differ";
    }

    private static void write(Map<String, String> generated) throws IOException {
        Files.createDirectories(DIRECTORY);
        for (String stale : committedFiles()) {
            if (!generated.containsKey(stale)) {
                Files.delete(DIRECTORY.resolve(stale));
            }
        }
        for (Map.Entry<String, String> document : generated.entrySet()) {
            Files.writeString(DIRECTORY.resolve(document.getKey()), document.getValue());
        }
    }

    private static TreeSet<String> committedFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
        }
    }
}
