package dev.ordinal.machinery.labels;

import static dev.ordinal.machinery.labels.UpstreamMessages.BINARY_OPERATORS;
import static dev.ordinal.machinery.labels.UpstreamMessages.LABEL_VALUE;
import static dev.ordinal.machinery.labels.UpstreamMessages.NAME_PART;
import static dev.ordinal.machinery.labels.UpstreamMessages.PREFIX_PART;
import static dev.ordinal.machinery.labels.UpstreamMessages.TOO_MANY_SLASHES;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;

class LabelSelectorErrorTest {

    private static final String REQ = "unable to parse requirement: ";

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("x==a==b", "found '==', expected: ',' or 'end of string'"),
                Arguments.of("!x=a", "found '=', expected: ',' or 'end of string'"),
                Arguments.of("x,,y", "found ',', expected: identifier after ','"),
                Arguments.of(",x,y", "found ',', expected: !, identifier, or 'end of string'"),
                Arguments.of("(", "found '(', expected: !, identifier, or 'end of string'"),
                Arguments.of("=a", "found '=', expected: !, identifier, or 'end of string'"),
                Arguments.of("a in (xyz),", "found '', expected: identifier after ','"),
                Arguments.of("a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'"),
                Arguments.of("x=a, \0y", "found '', expected: identifier after ','"),
                Arguments.of("x nott in (y)", REQ + "found 'nott', expected: " + BINARY_OPERATORS),
                Arguments.of("a (", REQ + "found '(', expected: " + BINARY_OPERATORS),
                Arguments.of("x !a", REQ + "found '!', expected: " + BINARY_OPERATORS),
                Arguments.of("a in (xyz abc)", REQ + "found 'abc', expected: ',' or ')'"),
                Arguments.of("a notin(", REQ + "found '', expected: ',', ')' or identifier"),
                Arguments.of("a in (=)", REQ + "found '=', expected: ',', ')' or identifier"),
                Arguments.of("x in a", REQ + "found 'a' expected: '('"),
                Arguments.of("x in", REQ + "found '' expected: '('"),
                Arguments.of("x in (a,=)", REQ + "found '=', expected: ',', or identifier"),
                Arguments.of("x in (a,", REQ + "found '', expected: ',', or identifier"),
                Arguments.of("x in (a", REQ + "found '', expected: ',' or ')'"),
                Arguments.of("!", REQ + "found '', expected: identifier"),
                Arguments.of("!,x", REQ + "found ',', expected: identifier"),
                Arguments.of("x=(", REQ + "found '(', expected: identifier"),
                Arguments.of("x===a", REQ + "found '=', expected: identifier"));
    }

    static Stream<Arguments> keyErrors() {
        return Stream.of(
                Arguments.of("a_", "\"a_\": " + NAME_PART),
                Arguments.of("app:monolith", "\"app:monolith\": " + NAME_PART),
                Arguments.of("/a", "\"/a\": prefix part must be non-empty"),
                Arguments.of("a/", "\"a/\": name part must be non-empty; " + NAME_PART),
                Arguments.of("a/b/c", "\"a/b/c\": " + TOO_MANY_SLASHES),
                Arguments.of("app.kubernetes_io/name=x", "\"app.kubernetes_io/name\": " + PREFIX_PART),
                Arguments.of("Example.com/a", "\"Example.com/a\": " + PREFIX_PART),
                Arguments.of("a".repeat(64), "\"" + "a".repeat(64) + "\": name part must be no more than 63 characters"),
                Arguments.of("x".repeat(254) + "/a", "\"" + "x".repeat(254) + "/a\": prefix part must be no more "
                        + "than 253 characters"),
                Arguments.of("a\"b", "\"a\\\"b\": " + NAME_PART),
                Arguments.of("a\u0001", "\"a\\x01\": " + NAME_PART),
                Arguments.of("é", "\"é\": " + NAME_PART),
                Arguments.of("!a_", "\"a_\": " + NAME_PART));
    }

    static Stream<Arguments> valueErrors() {
        String long64 = "a".repeat(64);
        return Stream.of(
                Arguments.of("x=a||y=b", "values[0][x]: Invalid value: \"a||y\": " + LABEL_VALUE),
                Arguments.of("x=" + long64, "values[0][x]: Invalid value: \"" + long64
                        + "\": must be no more than 63 characters"),
                Arguments.of("x=" + long64 + "-", "values[0][x]: Invalid value: \"" + long64
                        + "-\": must be no more than 63 characters; " + LABEL_VALUE),
                Arguments.of("x in (b_,-a)", "[values[0][x]: Invalid value: \"-a\": " + LABEL_VALUE
                        + ", values[1][x]: Invalid value: \"b_\": " + LABEL_VALUE + "]"),
                Arguments.of("x notin (ok,-a)", "values[0][x]: Invalid value: \"-a\": " + LABEL_VALUE),
                Arguments.of("x!=_", "values[0][x]: Invalid value: \"_\": " + LABEL_VALUE),
                Arguments.of("x<a", "values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be "
                        + "an integer"),
                Arguments.of("x>1.5", "values[0]: Invalid value: \"1.5\": for 'Gt', 'Lt' operators, the value must "
                        + "be an integer"),
                Arguments.of("x>99999999999999999999", "values[0]: Invalid value: \"99999999999999999999\": for "
                        + "'Gt', 'Lt' operators, the value must be an integer"),
                Arguments.of("x>-1", "values[0][x]: Invalid value: \"-1\": " + LABEL_VALUE),
                Arguments.of("x>a_", "[values[0]: Invalid value: \"a_\": for 'Gt', 'Lt' operators, the value must "
                        + "be an integer, values[0][x]: Invalid value: \"a_\": " + LABEL_VALUE + "]"),
                Arguments.of("x>", "values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be "
                        + "an integer"));
    }

    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void reportsSyntaxErrorsInUpstreamWords(String selector, String message) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @MethodSource("keyErrors")
    void reportsInvalidKeysAtUpstreamsNilPath(String selector, String quotedKeyAndDetail) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage(REQ + "<nil>: Invalid value: " + quotedKeyAndDetail);
    }

    @ParameterizedTest
    @MethodSource("valueErrors")
    void reportsInvalidValuesAtTheirIndexAndKey(String selector, String detail) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage(REQ + detail);
    }
}
