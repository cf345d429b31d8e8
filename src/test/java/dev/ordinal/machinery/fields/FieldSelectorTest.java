package dev.ordinal.machinery.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ordinal.machinery.fields.FieldOperator;
import dev.ordinal.machinery.fields.FieldRequirement;
import dev.ordinal.machinery.labels.InvalidSelectorException;

class FieldSelectorTest {

    private static final Map<String, String> FIELDS = Map.of("foo", "bar", "baz", "blah", "complex", "=value\\,\\");

    @ParameterizedTest
    @ValueSource(strings = {"x=a,y=b,z=c", "", "x!=a,y=b", "x=a||y\\=b", "x=a\\=\\=b"})
    void upstreamGoodStringsRoundTrip(String selector) {
        assertThat(FieldSelector.parse(selector)).hasToString(selector);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "x=a,a=x"                    | "a=x,x=a"
            a==b                         | a=b
            "status.phase!=Running,spec.nodeName=" | "spec.nodeName=,status.phase!=Running"
            "a=b\\,c"                    | "a=b\\,c"
            "a=b\\=c"                    | "a=b\\=c"
            "a=b\\\\c"                   | "a=b\\\\c"
            "a=b\\,c,d=e"                | "a=b\\,c,d=e"
            "=,a=b"                      | a=b
            "==,!=,a=b"                  | a=b
            ",,a=b,,"                    | a=b
            " a = b "                    | " a = b "
            "a\\,b=c"                    | "a\\,b=c"
            "=x"                         | "=x"
            "a!=b,a=c"                   | "a!=b,a=c"
            "함=수,목=록"                  | "목=록,함=수"
            """)
    void parsesToUpstreamCanonicalForm(String selector, String canonical) {
        assertThat(FieldSelector.parse(selector)).hasToString(canonical);
    }

    @Test
    void unescapesValues() {
        assertThat(FieldSelector.parse("a=b\\,c,d==\\=e,f!=\\\\").requirements())
                .extracting(FieldRequirement::field, FieldRequirement::operator, FieldRequirement::value)
                .containsExactly(
                        tuple("a", FieldOperator.EQUALS, "b,c"),
                        tuple("d", FieldOperator.EQUALS, "=e"),
                        tuple("f", FieldOperator.NOT_EQUALS, "\\"));
    }

    @Test
    void leavesTheFieldNameAsWritten() {
        assertThat(FieldSelector.parse("a\\,b=c").requirements())
                .containsExactly(new FieldRequirement("a\\,b", FieldOperator.EQUALS, "c"));
        assertThat(FieldSelector.parse(" a = b ").requirements())
                .containsExactly(new FieldRequirement(" a ", FieldOperator.EQUALS, " b "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "=", "==", "!=", ",", ",,,", "=,=="})
    void emptySelectorsSelectEverything(String selector) {
        FieldSelector parsed = FieldSelector.parse(selector);
        assertThat(parsed.isEmpty()).isTrue();
        assertThat(parsed.matches(FIELDS)).isTrue();
        assertThat(parsed.fieldNames()).isEmpty();
        assertThat(parsed).hasToString("");
    }

    @Test
    void absentSelectorSelectsEverything() {
        assertThat(FieldSelector.parse(null).isEmpty()).isTrue();
        assertThat(FieldSelector.everything().isEmpty()).isTrue();
        assertThat(FieldSelector.everything().matches(Map.of())).isTrue();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" with [{1}]: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                  | x=y      | true
            x=y                 | x=y      | true
            x==y                | x=y      | true
            "x=y,z=w"           | x=y;z=w  | true
            "x!=y,z!=w"         | x=z;z=a  | true
            notin=in            | notin=in | true
            x=y                 | x=z      | false
            "x=y,z=w"           | x=w;z=w  | false
            "x!=y,z!=w"         | x=z;z=w  | false
            x=                  |          | true
            x=                  | x=       | true
            x=y                 |          | false
            x!=y                |          | true
            x!=                 |          | false
            x!=                 | x=a      | true
            """)
    void matchesLikeUpstreamTreatingAbsentFieldsAsEmpty(String selector, String fields, boolean expected) {
        Map<String, String> values = new java.util.HashMap<>();
        if (fields != null) {
            for (String pair : fields.split(";")) {
                String[] kv = pair.split("=", 2);
                values.put(kv[0], kv[1]);
            }
        }
        assertThat(FieldSelector.parse(selector).matches(values)).isEqualTo(expected);
    }

    @Test
    void matchesUpstreamFieldSet() {
        assertThat(FieldSelector.parse("foo=bar").matches(FIELDS)).isTrue();
        assertThat(FieldSelector.parse("baz=blah").matches(FIELDS)).isTrue();
        assertThat(FieldSelector.parse("foo=bar,baz=blah").matches(FIELDS)).isTrue();
        assertThat(FieldSelector.parse("foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\").matches(FIELDS)).isTrue();
        assertThat(FieldSelector.parse("foo=blah").matches(FIELDS)).isFalse();
        assertThat(FieldSelector.parse("baz=bar").matches(FIELDS)).isFalse();
        assertThat(FieldSelector.parse("foo=bar,foobar=bar,baz=blah").matches(FIELDS)).isFalse();
        assertThat(FieldSelector.parse("x!=y").matches(null)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "x=a||y=b"      | invalid field selector: unescaped character in value: 61
            x==a==b         | invalid field selector: unescaped character in value: 61
            a=b==c          | invalid field selector: unescaped character in value: 61
            a!==b           | invalid field selector: unescaped character in value: 61
            "x=a,b"         | "invalid selector: 'x=a,b'; can't understand 'b'"
            x in (a)        | "invalid selector: 'x in (a)'; can't understand 'x in (a)'"
            "x in (a,b,c)"  | "invalid selector: 'x in (a,b,c)'; can't understand 'b'"
            x               | "invalid selector: 'x'; can't understand 'x'"
            "z,a"           | "invalid selector: 'z,a'; can't understand 'a'"
            "a=b\\x"        | "invalid field selector: invalid escape sequence: \\x"
            "a=b\\"         | "invalid field selector: invalid escape sequence: \\"
            "a=\\\\\\"      | "invalid field selector: invalid escape sequence: \\"
            "a=\\é"         | "invalid field selector: invalid escape sequence: \\é"
            """)
    void reportsInvalidSelectorsInUpstreamWords(String selector, String message) {
        assertThatThrownBy(() -> FieldSelector.parse(selector))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage(message);
    }

    @Test
    void reportsTheFirstBadTermInSortedOrderBeforeDroppingEmptyOnes() {
        assertThatThrownBy(() -> FieldSelector.parse("b=x=y,a"))
                .hasMessage("invalid selector: 'b=x=y,a'; can't understand 'a'");
        assertThatThrownBy(() -> FieldSelector.parse("=,a=\\q"))
                .hasMessage("invalid field selector: invalid escape sequence: \\q");
    }

    @Test
    void exposesTheFieldNamesInTermOrder() {
        FieldSelector selector = FieldSelector.parse("spec.nodeName=n1,metadata.name!=a,metadata.name!=b");

        assertThat(selector.fieldNames()).containsExactly("metadata.name", "spec.nodeName");
    }

    @Test
    void refusesUnsupportedFieldsWithUpstreamsMessage() {
        Set<String> supported = Set.of("metadata.name", "metadata.namespace");

        FieldSelector.parse("metadata.name=a,metadata.namespace!=b").requireSupportedFields(supported);
        FieldSelector.everything().requireSupportedFields(supported);
        assertThatThrownBy(() -> FieldSelector.parse("status.phase=Running,metadata.name=a,spec.x=y")
                .requireSupportedFields(supported))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessage("field label not supported: spec.x");
        assertThatThrownBy(() -> FieldSelector.parse("=x").requireSupportedFields(supported))
                .hasMessage("field label not supported: ");
    }

    @Test
    void reportsTheValueAnEqualityTermRequires() {
        FieldSelector selector = FieldSelector.parse("metadata.namespace!=kube-system,metadata.name==web-0");

        assertThat(selector.requiresExactMatch("metadata.name")).contains("web-0");
        assertThat(selector.requiresExactMatch("metadata.namespace")).isEmpty();
        assertThat(selector.requiresExactMatch("spec.nodeName")).isEmpty();
    }

    @Test
    void requirementRendersItsValueEscaped() {
        assertThat(new FieldRequirement("a", FieldOperator.NOT_EQUALS, "x=y,z\\"))
                .hasToString("a!=x\\=y\\,z\\\\");
    }
}
