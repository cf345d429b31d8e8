package dev.ordinal.registry.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;

class CelEnvironmentTest {

    private final CelEnvironment environment = CelEnvironment.builder()
            .variable("x", MapType.create(SimpleType.STRING, SimpleType.DYN)).build();

    private Object eval(String expression) throws Exception {
        return environment.compile(expression).evaluate(Map.of("x", Map.of("a", 1L, "s", "abc")), CostBudget.perRequest());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[1, 2, 3].isSorted() && ![2, 1].isSorted()",
        "[1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0",
        "[3, 1, 2].min() == 1 && ['b', 'c', 'a'].max() == 'c'",
        "[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2 && [1].indexOf(5) == -1",
        "'abc 123 def 456'.find('[0-9]+') == '123' && 'abc'.find('[0-9]+') == ''",
        "'a1b2c3'.findAll('[0-9]') == ['1', '2', '3'] && 'a1b2c3'.findAll('[0-9]', 2) == ['1', '2']",
        "url('https://user@example.com:8080/a%20b?x=1&x=2&y').getHost() == 'example.com:8080'",
        "url('https://example.com:8080/p').getHostname() == 'example.com' && url('https://example.com:8080/p').getPort() == '8080'",
        "url('https://[::1]:80/').getHostname() == '::1' && url('https://[::1]:80/').getHost() == '[::1]:80'",
        "url('https://example.com/a%20b?x=1&x=2&y').getEscapedPath() == '/a%20b' && url('https://example.com/?x=1&x=2&y').getQuery() == {'x': ['1', '2'], 'y': ['']}",
        "isURL('/absolute/path') && !isURL('relative/path') && url('/p').getScheme() == ''",
        "quantity('1Gi').isGreaterThan(quantity('1G')) && quantity('500m').isLessThan(quantity('1'))",
        "quantity('1k').compareTo(quantity('1000')) == 0 && quantity('1k') == quantity('1000')",
        "quantity('1.5').add(quantity('500m')).asInteger() == 2 && !quantity('1.5').isInteger()",
        "quantity('-2').sign() == -1 && quantity('2Ki').sub(48).asApproximateFloat() == 2000.0 && isQuantity('1e3') && !isQuantity('1x')",
        "ip('10.0.0.1').family() == 4 && ip('fe80::1').family() == 6 && ip('127.0.0.1').isLoopback()",
        "ip('::1').isLoopback() && ip('0.0.0.0').isUnspecified() && ip('169.254.1.1').isLinkLocalUnicast() && ip('ff02::1').isLinkLocalMulticast()",
        "ip('8.8.8.8').isGlobalUnicast() && !ip('255.255.255.255').isGlobalUnicast() && string(ip('2001:db8:0:0::1')) == '2001:db8::1'",
        "isIP('1.2.3.4') && !isIP('1.2.3.04') && !isIP('::ffff:1.2.3.4') && !isIP('fe80::1%eth0') && ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1')",
        "cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1')) && cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')",
        "cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('10.1.2.3/8').ip() == ip('10.1.2.3') && cidr('::1/128').prefixLength() == 128 && string(cidr('10.0.0.0/8')) == '10.0.0.0/8'",
        "isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0/33') && !isCIDR('10.0.0.0')",
        "format.dns1123Label().validate('my-name') == optional.none() && format.dns1123Label().validate('My_Name').hasValue()",
        "format.named('dns1035Label').value().validate('1abc').value()[0].startsWith('a DNS-1035 label must consist') && !format.named('nope').hasValue()",
        "format.dns1123LabelPrefix().validate('web-') == optional.none() && format.dns1123Label().validate('web-').hasValue()",
        "'%s is %d years and %.2f%% done, %x'.format(['ann', 7, 12.345, 255]) == 'ann is 7 years and 12.35% done, ff'",
        "'%s'.format([[1, 'a']]) == '[1, a]' && '%e'.format([1234.5]) == '1.234500e+03'",
        "'a,b'.split(',') == ['a', 'b'] && 'Abc'.lowerAscii() == 'abc' && ' x '.trim() == 'x' && ['a', 'b'].join('-') == 'a-b'",
        "sets.contains([1, 2, 3], [2]) && sets.intersects([1], [1, 5]) && sets.equivalent([1, 2], [2, 1])",
        "x.?missing.orValue(5) == 5 && optional.of(1).hasValue() && has(x.a) && !has(x.b)",
        "x.a < 1.5 && 2u > 1 && 1.0 < 2 && x.a == 1.0",
        "[1, 2].all(i, i > 0) && [1, 2].exists(i, i == 2) && [1, 2].exists_one(i, i == 2) && [1, 2].map(i, i * 2) == [2, 4] && [1, 2].filter(i, i > 1) == [2]"
    })
    void kubernetesLibrariesAndExtensionsEvaluate(String expression) throws Exception {
        assertThat(eval(expression)).as(expression).isEqualTo(true);
    }

    @Test
    void compileErrorsAreWordedAsCelGo() {
        assertThatThrownBy(() -> environment.compile("x.a +"))
                .isInstanceOf(CelCompileException.class)
                .hasMessageStartingWith("ERROR: <input>:1:6: Syntax error: ")
                .hasMessageContaining("\n | x.a +\n | .....^");
        assertThatThrownBy(() -> environment.compile("nope == 1"))
                .hasMessage("ERROR: <input>:1:1: undeclared reference to 'nope' (in container '')\n | nope == 1\n | ^");
    }

    @Test
    void extensionsUpstreamDoesNotOfferAreAbsent() {
        assertThatThrownBy(() -> environment.compile("'abc'.reverse()")).isInstanceOf(CelCompileException.class);
        assertThatThrownBy(() -> environment.compile("math.greatest(1, 2)")).isInstanceOf(CelCompileException.class);
        assertThatThrownBy(() -> environment.compile("cel.bind(a, 1, a)")).isInstanceOf(CelCompileException.class);
    }

    @Test
    void resultTypesAreNamedAsCelGoNamesThem() throws Exception {
        assertThat(environment.compile("x.a").resultTypeName()).isEqualTo("dyn");
        assertThat(environment.compile("[1]").resultTypeName()).isEqualTo("list(int)");
        assertThat(environment.compile("{'a': 'b'}").resultTypeName()).isEqualTo("map(string, string)");
        assertThat(environment.compile("1 == 1").resultTypeName()).isEqualTo("bool");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "x.missing == 1 | no such key: missing",
        "x.a / 0 == 1 | division by zero",
        "9223372036854775807 + x.a > 0 | integer overflow",
        "[1, 2][5] == 1 | index out of bounds: 5",
        "[1].min() == 1 && [].min() == 1 | min called on empty list",
        "quantity('1x') == quantity('1') | quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        "quantity('1.5').asInteger() == 1 | cannot convert value to integer",
        "ip('::ffff:1.2.3.4').family() == 4 | IPv4-mapped IPv6 addresses are not allowed",
        "url('x y').getHost() == '' | URL parse error during conversion from string: parse \"x y\": invalid URI for request"
    })
    void runtimeErrorsAreWordedAsCelGo(String expression, String message) {
        assertThatThrownBy(() -> eval(expression)).isInstanceOf(CelEvaluationError.class).hasMessage(message);
    }

    @Test
    void oneExpressionStopsAtThePerCallLimit() throws Exception {
        CompiledExpression expensive = environment.compile(
                "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(a, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(b, "
                        + "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(c, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(d, "
                        + "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(e, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(f, a + b + c + d + e + f > 0))))))");
        CostBudget budget = CostBudget.perRequest();
        assertThatThrownBy(() -> expensive.evaluate(Map.of("x", Map.of()), budget))
                .isInstanceOfSatisfying(CostLimitExceeded.class, e -> assertThat(e.perCall()).isTrue())
                .hasMessage("operation cancelled: actual cost limit exceeded");
        assertThat(budget.exhausted()).isFalse();
        assertThat(budget.remaining()).isLessThan(CostBudget.RUNTIME_BUDGET - CostBudget.PER_CALL_LIMIT);
    }

    @Test
    void expressionsShareTheBudgetOfTheirRequest() throws Exception {
        CompiledExpression loop = environment.compile("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(i, i > 0)");
        CostBudget budget = new CostBudget(100);
        assertThat(loop.evaluate(Map.of("x", Map.of()), budget)).isEqualTo(true);
        long left = budget.remaining();
        assertThat(left).isBetween(1L, 99L);
        assertThatThrownBy(() -> {
            while (true) {
                loop.evaluate(Map.of("x", Map.of()), budget);
            }
        }).isInstanceOfSatisfying(CostLimitExceeded.class, e -> assertThat(e.perCall()).isFalse());
        assertThat(budget.exhausted()).isTrue();
    }
}
