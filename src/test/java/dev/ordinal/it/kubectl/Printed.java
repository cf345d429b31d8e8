package dev.ordinal.it.kubectl;

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

    /** A line of the output starting with a match of {@code regex}. */
    static Pattern lineStart(String regex) {
        return Pattern.compile("^" + regex, Pattern.MULTILINE);
    }
}
