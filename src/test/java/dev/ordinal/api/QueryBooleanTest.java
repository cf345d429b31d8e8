package dev.ordinal.api;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Query booleans as upstream's Convert_Slice_string_To_bool and Convert_Slice_string_To_Pointer_bool read them. */
class QueryBooleanTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("1", true),
                Arguments.of("True", true),
                Arguments.of("TRUE", true),
                Arguments.of("true", true),
                Arguments.of("t", true),
                Arguments.of("yes", true),
                Arguments.of("no", true),
                Arguments.of("off", true),
                Arguments.of("", true),
                Arguments.of("0", false),
                Arguments.of("false", false),
                Arguments.of("False", false),
                Arguments.of("FALSE", false),
                Arguments.of("fAlSe", false),
                Arguments.of("00", true),
                Arguments.of(" false", true));
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @MethodSource("values")
    void onlyZeroAndFalseInAnyCaseAreFalse(String value, boolean expected) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/pods");
        request.setParameter("watch", value);

        assertThat(QueryBoolean.of(request, "watch")).isEqualTo(expected);
        assertThat(QueryBoolean.isSet(request, "watch")).isEqualTo(expected);
    }

    @Test
    void anAbsentParameterIsUnsetAndSoFalse() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/pods");

        assertThat(QueryBoolean.of(request, "sendInitialEvents")).isNull();
        assertThat(QueryBoolean.isSet(request, "sendInitialEvents")).isFalse();
    }

    @Test
    void onlyTheFirstValueCounts() {
        assertThat(QueryBoolean.of(new String[] {"false", "true"})).isFalse();
        assertThat(QueryBoolean.of(new String[] {"1", "0"})).isTrue();
        assertThat(QueryBoolean.of(new String[0])).isNull();
    }
}
