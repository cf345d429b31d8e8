package dev.ordinal.machinery.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ordinal.machinery.labels.LabelRequirement;
import dev.ordinal.machinery.labels.LabelSelector;

class LabelSelectorMatchTest {

    private static final Map<String, String> LABELS = Map.of("foo", "bar", "baz", "blah");

    /** Labels written as {@code k=v;k2=v2}; an empty cell is no labels at all. */
    private static Map<String, String> labels(String spec) {
        Map<String, String> labels = new HashMap<>();
        if (spec != null && !spec.isEmpty()) {
            for (String pair : spec.split(";", -1)) {
                String[] kv = pair.split("=", 2);
                labels.put(kv[0], kv[1]);
            }
        }
        return labels;
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" with [{1}]: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                   | x=y          | true
            x=y                  | x=y          | true
            "x=y,z=w"            | x=y;z=w      | true
            "x!=y,z!=w"          | x=z;z=a      | true
            notin=in             | notin=in     | true
            x                    | x=z          | true
            !x                   | y=z          | true
            x>1                  | x=2          | true
            x<1                  | x=0          | true
            x=z                  |              | false
            x=y                  | x=z          | false
            "x=y,z=w"            | x=w;z=w      | false
            "x!=y,z!=w"          | x=z;z=w      | false
            x                    | y=z          | false
            !x                   | x=z          | false
            x>1                  | x=0          | false
            x<1                  | x=2          | false
            x==y                 | x=y          | true
            x==y                 | x=z          | false
            x!=y                 |              | true
            x!=y                 | x=y          | false
            x=                   | x=           | true
            x=                   |              | false
            x!=                  |              | true
            x!=                  | x=           | false
            "x in (a,b)"         | x=b          | true
            "x in (a,b)"         | x=c          | false
            "x in (a,b)"         |              | false
            "x in ()"            | x=           | true
            "x in ()"            | x=a          | false
            "x notin (a,b)"      | x=c          | true
            "x notin (a,b)"      | x=a          | false
            "x notin (a,b)"      |              | true
            "x notin ()"         | x=           | false
            x                    | x=           | true
            !x                   | x=           | false
            x>1                  |              | false
            x>1                  | x=v2         | false
            x>1                  | x=1          | false
            x<1                  | x=1          | false
            x>0                  | x=+1         | true
            x<10                 | x=-5         | true
            x>1                  | x=99999999999999999999 | false
            x<9223372036854775807 | x=9223372036854775806 | true
            "y in (a),x"         | x=z          | false
            "x notin (),y"       | y=           | true
            "!x,y"               | y=           | true
            "x notin (),!y"      | y=           | false
            "x in ()"            | y=baz        | false
            """)
    void matchesLikeUpstream(String selector, String labels, boolean expected) {
        assertThat(LabelSelector.parse(selector).matches(labels(labels))).isEqualTo(expected);
    }

    @Test
    void matchesUpstreamLabelSet() {
        assertThat(LabelSelector.parse("foo=bar").matches(LABELS)).isTrue();
        assertThat(LabelSelector.parse("baz=blah").matches(LABELS)).isTrue();
        assertThat(LabelSelector.parse("foo=bar,baz=blah").matches(LABELS)).isTrue();
        assertThat(LabelSelector.parse("foo=blah").matches(LABELS)).isFalse();
        assertThat(LabelSelector.parse("baz=bar").matches(LABELS)).isFalse();
        assertThat(LabelSelector.parse("foo=bar,foobar=bar,baz=blah").matches(LABELS)).isFalse();
    }

    @Test
    void integerComparisonsTakeOnlyAsciiDecimal() {
        assertThat(LabelSelector.parse("x>1").matches(Map.of("x", "\u0665"))).isFalse(); // ARABIC-INDIC FIVE
        assertThat(LabelSelector.parse("x>1").matches(Map.of("x", "1_0"))).isFalse();
        assertThat(LabelSelector.parse("x>1").matches(Map.of("x", "0x10"))).isFalse();
    }

    @Test
    void nullLabelsAreNoLabels() {
        assertThat(LabelSelector.parse("!x").matches(null)).isTrue();
        assertThat(LabelSelector.parse("x").matches(null)).isFalse();
        assertThat(LabelSelector.everything().matches(null)).isTrue();
    }

    @Test
    void everythingMatchesAllAndNothingMatchesNone() {
        assertThat(LabelSelector.everything().matches(LABELS)).isTrue();
        assertThat(LabelSelector.everything().matches(Map.of())).isTrue();
        assertThat(LabelSelector.nothing().matches(LABELS)).isFalse();
        assertThat(LabelSelector.nothing().matches(Map.of())).isFalse();
        assertThat(LabelSelector.nothing().isEmpty()).isFalse();
        assertThat(LabelSelector.nothing().matchesNothing()).isTrue();
        assertThat(LabelSelector.nothing()).hasToString("");
    }

    @Test
    void requirementMatchesOnItsOwn() {
        LabelRequirement requirement = LabelSelector.parse("x in (a,b)").requirements().get(0);
        assertThat(requirement.matches(Map.of("x", "a"))).isTrue();
        assertThat(requirement.matches(Map.of("x", "c"))).isFalse();
        assertThat(requirement).hasToString("x in (a,b)");
    }
}
