package dev.ordinal.testkit;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kit reads the server's answers without a JSON library. */
class JsonTest {

    @Test
    void readsObjectsArraysStringsNumbersAndLiterals() {
        Object answer = Json.parse("""
                {"items": [{"name": "fix\\"ture", "objects": 57, "ratio": -1.5e2}], "paused": true, "none": null,
                 "text": "a\\u00e9\\n"}""");

        List<Map<String, Object>> items = Json.member(answer, "items");
        assertThat(items).containsExactly(Map.of("name", "fix\"ture", "objects", 57.0, "ratio", -150.0));
        assertThat((Boolean) Json.member(answer, "paused")).isTrue();
        assertThat((Object) Json.member(answer, "none")).isNull();
        assertThat((String) Json.member(answer, "text")).isEqualTo("aé\n");
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}")).hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> Json.parse("\"open")).hasMessageContaining("unterminated");
    }

    @Test
    void quotesStringsForRequests() {
        assertThat(Json.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
        assertThat(Json.parse(Json.quote("a\"b\\c\n"))).isEqualTo("a\"b\\c\n");
    }
}
