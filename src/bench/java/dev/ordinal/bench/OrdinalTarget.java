package dev.ordinal.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ordinal.OrdinalApplication;

/**
 * Ordinal in this JVM: its real HTTP server on a random port, with the default H2 file database in
 * a temporary directory, or with an in-memory H2.
 */
final class OrdinalTarget implements Target {

    private static int instances;

    private final String name;
    private final Path directory;
    private final ConfigurableApplicationContext context;

    private OrdinalTarget(String name, boolean inMemory, List<String> extraArguments) {
        this.name = name;
        this.directory = Directories.create("ordinal-bench");
        List<String> arguments = new ArrayList<>(Benchmarks.ORDINAL_ARGUMENTS);
        arguments.add("--spring.datasource.url=" + (inMemory
                ? "jdbc:h2:mem:ordinal-bench-" + ++instances + ";DB_CLOSE_DELAY=-1"
                : "jdbc:h2:file:" + directory.resolve("data/ordinal")));
        arguments.add("--ordinal.kubeconfig=" + directory.resolve("ordinal.kubeconfig"));
        arguments.addAll(extraArguments);
        this.context = new SpringApplicationBuilder(OrdinalApplication.class).run(arguments.toArray(String[]::new));
    }

    /** The default configuration: an H2 file database; {@code arguments} as on the command line. */
    static OrdinalTarget file(String... arguments) {
        return new OrdinalTarget("ordinal (H2 file)", false, List.of(arguments));
    }

    static OrdinalTarget inMemory() {
        return new OrdinalTarget("ordinal (H2 mem)", true, List.of());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
        Directories.delete(directory);
    }
}
