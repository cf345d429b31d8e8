package dev.ordinal.machinery.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ordinal.machinery.labels.LabelOperator;
import dev.ordinal.machinery.labels.LabelRequirement;
import dev.ordinal.machinery.labels.LabelSelector;

class LabelSelectorParseTest {

    @ParameterizedTest
    @ValueSource(strings = {"x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"})
    void upstreamGoodStringsRoundTripWithoutSpaces(String selector) {
        assertThat(LabelSelector.parse(selector)).hasToString(selector.replace(" ", ""));
    }

    @Test
    void parsingIsDeterministic() {
        assertThat(LabelSelector.parse("x=a,a=x")).hasToString("a=x,x=a");
        assertThat(LabelSelector.parse("a=x,x=a")).hasToString("a=x,x=a");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                                                          | ""
            "\\rx"                                                      | x
            this-is-a-dns.domain.com/key-with-dash                      | this-is-a-dns.domain.com/key-with-dash
            this-is-another-dns.domain.com/key-with-dash in (so,what)   | this-is-another-dns.domain.com/key-with-dash in (so,what)
            "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)"      | 0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)
            "foo  in\\t (abc)"                                          | foo in (abc)
            "x notin\\n (abc)"                                          | x notin (abc)
            "x  notin\\t\\t\\t(abc,def)"                                | x notin (abc,def)
            "x in (abc,def)"                                            | x in (abc,def)
            "x in (def,abc)"                                            | x in (abc,def)
            "x in (abc,)"                                               | x in (,abc)
            "x in (abc,abc)"                                            | x in (abc)
            "x in ()"                                                   | x in ()
            "x in (a,,)"                                                | x in (,a)
            "x in (a,,,)"                                               | x in (,a)
            "x in (a,,,,,,)"                                            | x in (,a)
            "x in (a,,a,,a,,a,,)"                                       | x in (,a)
            "x in (,a)"                                                 | x in (,a)
            "x in (,)"                                                  | x in ()
            "x notin (abc,,def),bar,z in (),w"                          | bar,w,x notin (,abc,def),z in ()
            "x,y in (a)"                                                | x,y in (a)
            x=a                                                         | x=a
            x==a                                                        | x==a
            x>1                                                         | x>1
            x<7                                                         | x<7
            "x=a,y!=b"                                                  | x=a,y!=b
            "x=a,y!=b,z in (h,i,j)"                                     | x=a,y!=b,z in (h,i,j)
            "x notin ( )"                                               | x notin ()
            "x notin (, a)"                                             | x notin (,a)
            "a "                                                        | a
            "a in (x,y,notin, z,in)"                                    | a in (in,notin,x,y,z)
            "in in (in)"                                                | in in (in)
            notin=in                                                    | notin=in
            "  x  !=  y  ,  ! z  "                                      | x!=y,!z
            "x=a,x!=b"                                                  | x=a,x!=b
            "x!=b,x=a"                                                  | x!=b,x=a
            example.com/app=web                                         | example.com/app=web
            x>0                                                         | x>0
            """)
    void parsesToUpstreamCanonicalForm(String selector, String canonical) {
        String input = selector.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
        assertThat(LabelSelector.parse(input)).hasToString(canonical);
    }

    @Test
    void exposesSortedRequirements() {
        LabelSelector selector = LabelSelector.parse("z notin (b,a),y,!x,w in (c),v=1,u==2,t!=3,s>4,r<5");

        assertThat(selector.requirements())
                .extracting(LabelRequirement::key, LabelRequirement::operator, LabelRequirement::values)
                .containsExactly(
                        tuple("r", LabelOperator.LESS_THAN, List.of("5")),
                        tuple("s", LabelOperator.GREATER_THAN, List.of("4")),
                        tuple("t", LabelOperator.NOT_EQUALS, List.of("3")),
                        tuple("u", LabelOperator.DOUBLE_EQUALS, List.of("2")),
                        tuple("v", LabelOperator.EQUALS, List.of("1")),
                        tuple("w", LabelOperator.IN, List.of("c")),
                        tuple("x", LabelOperator.DOES_NOT_EXIST, List.of()),
                        tuple("y", LabelOperator.EXISTS, List.of()),
                        tuple("z", LabelOperator.NOT_IN, List.of("a", "b")));
    }

    @Test
    void emptyAndAbsentSelectorsSelectEverything() {
        for (LabelSelector selector : new LabelSelector[] {
                LabelSelector.parse(""), LabelSelector.parse("   "), LabelSelector.parse(null),
                LabelSelector.everything()}) {
            assertThat(selector.isEmpty()).isTrue();
            assertThat(selector.matchesNothing()).isFalse();
            assertThat(selector.requirements()).isEmpty();
            assertThat(selector).hasToString("");
        }
    }

    @Test
    void nulEndsTheInputAtATokenBoundaryAsUpstream() {
        assertThat(LabelSelector.parse("x=a \0garbage")).hasToString("x=a");
        assertThat(LabelSelector.parse("x=\0a")).hasToString("x=a");
        assertThat(LabelSelector.parse("x=a,\0y")).hasToString("x=a,y");
    }

    @Test
    void operatorsHaveTheirUpstreamNames() {
        assertThat(LabelOperator.values()).extracting(LabelOperator::upstreamName)
                .containsExactly("in", "notin", "=", "==", "!=", "exists", "!", "gt", "lt");
    }
}
