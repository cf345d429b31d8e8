package dev.ordinal.it.kubectl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.assertj.core.api.AbstractStringAssert;

import dev.ordinal.testing.Kubectl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on what one kubectl command printed, stdout and stderr together as a terminal shows
 * them; a failure shows the whole output and the exit code.
 */
final class Printed {

    private Printed() {
    }

    static AbstractStringAssert<?> assertPrinted(Kubectl.Result result) {
        return assertThat(result.all()).as("kubectl printed:%n%s", result);
    }

    /** A line of the output matching {@code regex} as a whole. */
    static Pattern line(String regex) {
        return Pattern.compile("^" + regex + "$", Pattern.MULTILINE);
    }

    /**
     * What a kubectl running in the background (e.g. {@code get -w}) has printed to {@code file} once
     * it holds a match of {@code pattern}; fails after 30 seconds.
     */
    static String awaitLine(Path file, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String content = "";
        while (System.nanoTime() < deadline) {
            content = read(file);
            if (pattern.matcher(content).find()) {
                return content;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no match of " + pattern + " in:\n" + content);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line of the output starting with a match of {@code regex}. */
    static Pattern lineStart(String regex) {
        return Pattern.compile("^" + regex, Pattern.MULTILINE);
    }
}
