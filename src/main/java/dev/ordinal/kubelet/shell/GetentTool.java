package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.ordinal.kubelet.container.FileError;

/**
 * {@code getent hosts NAME...}, as glibc's getent looks names up through {@code nsswitch}'s
 * {@code files dns}: {@code /etc/hosts} first, then the resolver. Each found name is one line,
 * the address padded to 15 then the names; exit 2 when a name is not found, as getent's "key not
 * found". Only the {@code hosts} database is served.
 */
final class GetentTool implements Tool {

    @Override
    public int run(Invocation invocation) throws IOException {
        List<String> args = invocation.args();
        if (args.isEmpty()) {
            return invocation.fail("wrong number of arguments", 1);
        }
        if (!args.get(0).equals("hosts")) {
            invocation.io().error("Unknown database: " + args.get(0) + "\n");
            return 1;
        }
        int status = 0;
        StringBuilder out = new StringBuilder();
        for (String name : args.subList(1, args.size())) {
            String line = fromHostsFile(invocation, name);
            if (line == null) {
                StubResolver.Answer answer = StubResolver.of(invocation.container()).lookup(name);
                line = answer.found() ? String.format("%-15s %s", answer.addresses().get(0), answer.name()) : null;
            }
            if (line == null) {
                status = 2;
            } else {
                out.append(line).append('\n');
            }
        }
        invocation.io().print(out.toString());
        return status;
    }

    private static String fromHostsFile(Invocation invocation, String name) {
        String hosts;
        try {
            hosts = new String(invocation.filesystem().read("/etc/hosts"), StandardCharsets.UTF_8);
        } catch (FileError e) {
            return null;
        }
        for (String line : hosts.split("\n")) {
            String[] fields = line.replaceAll("#.*", "").trim().split("\\s+");
            if (fields.length > 1 && (fields[0].equals(name)
                    || Arrays.asList(fields).subList(1, fields.length).contains(name))) {
                return String.format("%-15s %s", fields[0], String.join(" ", Arrays.asList(fields).subList(1,
                        fields.length)));
            }
        }
        return null;
    }
}
