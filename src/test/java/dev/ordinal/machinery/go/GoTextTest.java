package dev.ordinal.machinery.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoTextTest {

    @Test
    void quotesAsStrconvQuote() {
        assertThat(GoText.quote("abc")).isEqualTo("\"abc\"");
        assertThat(GoText.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(GoText.quote("\u0007\b\f\n\r\t\u000b")).isEqualTo("\"\\a\\b\\f\\n\\r\\t\\v\"");
        assertThat(GoText.quote("\u0001\u007f")).isEqualTo("\"\\x01\\x7f\"");
        assertThat(GoText.quote("\u0085\u00ad")).isEqualTo("\"\\u0085\\u00ad\"");
        assertThat(GoText.quote("é 함 \uD83D\uDE00")).isEqualTo("\"é 함 \uD83D\uDE00\"");
        assertThat(GoText.quote("\uDB40\uDC01")).isEqualTo("\"\\U000e0001\"");
    }

    @Test
    void rendersStringListsAsEncodingJson() {
        assertThat(GoText.jsonStrings(List.of())).isEqualTo("null");
        assertThat(GoText.jsonStrings(List.of("a", "b"))).isEqualTo("[\"a\",\"b\"]");
        assertThat(GoText.jsonStrings(List.of("<&>", "\"\\", "\n\u0001\b", "\u2028")))
                .isEqualTo("[\"\\u003c\\u0026\\u003e\",\"\\\"\\\\\",\"\\n\\u0001\\b\",\"\\u2028\"]");
    }

    @Test
    void sortsByCodePointAsGoSortsBytes() {
        List<String> values = new ArrayList<>(List.of("\uFFFF", "\uD83D\uDE00", "b", "a", ""));
        values.sort(GoText.BYTE_ORDER);
        assertThat(values).containsExactly("", "a", "b", "\uFFFF", "\uD83D\uDE00");
    }

    @Test
    void countsUtf8Bytes() {
        assertThat(GoText.byteLength("aé함")).isEqualTo(6);
    }
}
