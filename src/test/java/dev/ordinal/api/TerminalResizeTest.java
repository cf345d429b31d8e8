package dev.ordinal.api;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.registry.rest.TerminalSize;

import static org.assertj.core.api.Assertions.assertThat;

/** client-go's TerminalSize messages, alone on the resize channel and one after another on SPDY's stream. */
class TerminalResizeTest {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final TerminalSize size = new TerminalSize();

    @Test
    void aMessageSetsRowsFromHeightAndColumnsFromWidth() {
        assertThat(TerminalResize.apply(mapper, bytes("{\"Width\":100,\"Height\":30}"), size)).isTrue();
        assertThat(size.window()).isEqualTo(new TerminalSize.Window(30, 100));
    }

    @Test
    void aMessageThatDoesNotDecodeLeavesTheSize() {
        size.resize(24, 80);
        assertThat(TerminalResize.apply(mapper, bytes("{\"Width\":"), size)).isFalse();
        assertThat(TerminalResize.apply(mapper, bytes("{\"Columns\":100}"), size)).isFalse();
        assertThat(size.window()).isEqualTo(new TerminalSize.Window(24, 80));
    }

    @Test
    void aStreamAppliesEachMessageUntilOneDoesNotDecode() {
        TerminalResize.follow(mapper, new ByteArrayInputStream(bytes(
                "{\"Width\":80,\"Height\":24}\n{\"Width\":132,\"Height\":43}\n{\"Rows\":1}\n{\"Width\":1,\"Height\":1}\n")),
                size);
        assertThat(size.window()).isEqualTo(new TerminalSize.Window(43, 132));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
