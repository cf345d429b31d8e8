package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.util.List;

/**
 * {@code host NAME}, as BIND's {@code host} prints an address lookup through the search path:
 * {@code NAME has address IP} for each address, {@code Host NAME not found: 3(NXDOMAIN)} and
 * exit 1 when there is none.
 */
final class HostTool implements Tool {

    @Override
    public int run(Invocation invocation) throws IOException {
        List<String> names = invocation.args().stream().filter(arg -> !arg.startsWith("-")).toList();
        if (names.isEmpty()) {
            invocation.io().error("Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n"
                    + "            [-R number] [-m flag] [-p port] hostname [server]\n");
            return 1;
        }
        String name = names.get(0);
        StubResolver.Answer answer = StubResolver.of(invocation.container()).lookup(name);
        if (!answer.found()) {
            invocation.io().print("Host " + name + " not found: 3(NXDOMAIN)\n");
            return 1;
        }
        StringBuilder out = new StringBuilder();
        answer.addresses().forEach(address -> out.append(answer.name()).append(" has address ").append(address)
                .append('\n'));
        invocation.io().print(out.toString());
        return 0;
    }
}
