package dev.ordinal.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;

/**
 * What a remote command's error channel or stream carries when the process ends, as the kubelet
 * writes it ({@code remotecommand/httpstream.go} {@code v4WriteStatusFunc}, {@code v1WriteStatusFunc}):
 * from v4 on one bare {@code Status} (no kind or apiVersion), before v4 only a failure's text and
 * nothing on success.
 */
final class RemoteCommandStatus {

    private RemoteCommandStatus() {
    }

    /** The outcome of a process that ended with {@code exit} (none for attach, which is success). */
    static byte[] exit(JsonMapper mapper, boolean statusJson, List<String> command, OptionalInt exit) {
        if (exit.isEmpty() || exit.getAsInt() == 0) {
            if (!statusJson) {
                return new byte[0];
            }
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            status.putObject("metadata");
            status.put("status", "Success");
            return mapper.writeValueAsBytes(status);
        }
        int code = exit.getAsInt();
        String message = "command terminated with non-zero exit code: error executing command "
                + command + ", exit code " + code;
        if (!statusJson) {
            return message.getBytes(StandardCharsets.UTF_8);
        }
        // reason NonZeroExitCode, the code as an ExitCode cause, which clients parse as their exit code.
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", "NonZeroExitCode");
        status.putObject("details").putArray("causes").addObject().put("reason", "ExitCode")
                .put("message", String.valueOf(code));
        return mapper.writeValueAsBytes(status);
    }

    /** A process that could not be reached or failed in the runtime: an InternalError with its cause. */
    static byte[] failure(JsonMapper mapper, boolean statusJson, StatusError error) {
        if (!statusJson) {
            return error.getMessage().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode status = error.toStatus();
        status.remove("kind");
        status.remove("apiVersion");
        String cause = error.getMessage().replaceFirst("^Internal error occurred: ", "");
        status.putObject("details").putArray("causes").addObject().put("message", cause);
        status.set("code", status.remove("code"));
        return mapper.writeValueAsBytes(status);
    }
}
