package dev.ordinal.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Class data sharing the way Spring Boot documents it: the jar extracted
 * ({@code java -Djarmode=tools -jar ordinal.jar extract}), one training run that loads the
 * application and exits after the context refresh ({@code -Dspring.context.exit=onRefresh}) while
 * the JVM writes the classes it loaded to an archive ({@code -XX:ArchiveClassesAtExit}), and later
 * starts that map the archive ({@code -XX:SharedArchiveFile}).
 */
final class ClassDataSharing {

    private static Path extracted;

    private ClassDataSharing() {
    }

    /** Builds the archive; null (with a note) when this JVM cannot. */
    static Path archive(Path jar) {
        Path directory = Directories.create("ordinal-cds");
        extracted = directory.resolve("app");
        Path archive = directory.resolve("ordinal.jsa");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        boolean ok = run(directory, List.of(java, "-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(),
                "extract", "--destination", extracted.toString()));
        List<String> training = new ArrayList<>(List.of(java, "-XX:ArchiveClassesAtExit=" + archive,
                "-Dspring.context.exit=onRefresh", "-jar", extractedJar(jar).toString()));
        training.addAll(Benchmarks.ORDINAL_ARGUMENTS);
        training.add("--ordinal.kubeconfig=" + directory.resolve("ordinal.kubeconfig"));
        ok = ok && run(directory, training);
        if (!ok || !archive.toFile().exists()) {
            System.err.println("no class data sharing archive, see " + directory);
            return null;
        }
        return archive;
    }

    static List<String> options(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    static Path extractedJar(Path jar) {
        return extracted.resolve(jar.getFileName());
    }

    private static boolean run(Path directory, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("cds.log").toFile())).start();
            return process.waitFor(300, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
