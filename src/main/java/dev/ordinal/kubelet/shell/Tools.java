package dev.ordinal.kubelet.shell;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.FileNode;

/**
 * The programs of the simulated image, by name, as a small busybox-like image has them in
 * {@code /bin}: a name is found when it is one of them, or a path to one that exists in the
 * container (so {@code /bin/ls} runs and {@code rm /bin/ls} takes it away).
 */
public final class Tools {

    /** Where the image keeps its programs. */
    public static final String BIN = "/bin";

    private static final Map<String, Tool> TOOLS = new LinkedHashMap<>();

    static {
        TextTools.register(TOOLS);
        FileTools.register(TOOLS);
        SystemTools.register(TOOLS);
        TOOLS.put("tar", new TarTool());
        TOOLS.put("nslookup", new NslookupTool());
        TOOLS.put("host", new HostTool());
        TOOLS.put("getent", new GetentTool());
        TOOLS.put("ps", new PsTool());
        TOOLS.put("kill", new KillTool());
        TOOLS.put("stty", new SttyTool());
        TOOLS.put("curl", new CurlTool());
        TOOLS.put("wget", new WgetTool());
    }

    private Tools() {
    }

    /** Puts every program in the image's {@code /bin}, an executable file for each. */
    public static void install(ContainerFilesystem filesystem) {
        for (String name : TOOLS.keySet()) {
            filesystem.place(BIN + "/" + name,
                    new FileNode.RegularFile(new byte[0], 0755, filesystem.clock().instant()));
        }
    }

    static Tool find(String command, ContainerFilesystem filesystem) {
        if (!command.contains("/")) {
            return filesystem.exists(BIN + "/" + command) ? TOOLS.get(command) : null;
        }
        String name = ContainerFilesystem.name(command);
        return filesystem.exists(ContainerFilesystem.resolve("/", command)) ? TOOLS.get(name) : null;
    }
}
