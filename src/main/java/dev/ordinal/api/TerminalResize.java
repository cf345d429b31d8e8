package dev.ordinal.api;

import java.io.InputStream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.registry.rest.TerminalSize;

/**
 * The resize messages of exec and attach: client-go's {@code TerminalSize},
 * {@code {"Width":W,"Height":H}}, one per WebSocket message on the resize channel, or one after
 * another on SPDY's {@code resize} stream. As the kubelet's {@code handleResizeEvents}, a message
 * that does not decode ends the reading of resizes, and the size stays the last one received.
 */
final class TerminalResize {

    private TerminalResize() {
    }

    /** Applies one message; false when it does not decode. */
    static boolean apply(JsonMapper mapper, byte[] message, TerminalSize size) {
        try {
            return apply(mapper.readTree(message), size);
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Applies each message of {@code stream} until it ends or one does not decode. */
    static void follow(JsonMapper mapper, InputStream stream, TerminalSize size) {
        try (MappingIterator<JsonNode> messages = mapper.readerFor(JsonNode.class).readValues(stream)) {
            while (messages.hasNextValue() && apply(messages.nextValue(), size)) {
                // each message has been applied
            }
        } catch (JacksonException e) {
            // the stream broke off; the size stays the last one received
        }
    }

    private static boolean apply(JsonNode message, TerminalSize size) {
        JsonNode width = message.path("Width");
        JsonNode height = message.path("Height");
        if (!width.canConvertToInt() || !height.canConvertToInt()) {
            return false;
        }
        size.resize(height.asInt(), width.asInt());
        return true;
    }
}
