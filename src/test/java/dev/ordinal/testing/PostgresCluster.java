package dev.ordinal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for the tests that run the store on PostgreSQL: made with
 * {@code initdb} in a temporary directory, started with {@code pg_ctl} on a free port of
 * 127.0.0.1, and removed when the test JVM exits. It runs Debian's {@code postgresql} package,
 * which {@code .ci/run} installs; without it the tests fail and say so. PostgreSQL refuses to run
 * as root, so as root it runs as the package's {@code postgres} user.
 */
public final class PostgresCluster {

    private static final String USER = "ordinal";
    private static PostgresCluster shared;

    private final Path bin;
    private final Path directory;
    private final int port;
    private final AtomicInteger stores = new AtomicInteger();

    private PostgresCluster(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
    }

    /** The cluster of this JVM, started on first use. */
    public static synchronized PostgresCluster shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /**
     * A JDBC URL of a new, empty store: a schema of its own (far quicker to make than a database);
     * the user is {@link #user()}, without password.
     */
    public String newStore() {
        String schema = "store_" + stores.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url(), USER, "")) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url() + "?currentSchema=" + schema;
    }

    public String user() {
        return USER;
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static PostgresCluster start() {
        Path bin = binaries();
        try {
            Path directory = Files.createTempDirectory("ordinal-postgres");
            if (runsAsRoot()) {
                UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(directory, postgres);
            }
            PostgresCluster cluster = new PostgresCluster(bin, directory, freePort());
            // No sync at initdb: the cluster is thrown away; the server itself runs with fsync on.
            cluster.run("initdb", "-D", directory.resolve("data").toString(), "-U", USER, "--auth=trust",
                    "-E", "UTF8", "--no-sync");
            cluster.run("pg_ctl", "-D", directory.resolve("data").toString(), "-l", directory.resolve("log").toString(),
                    "-o", "-p " + cluster.port + " -k " + directory + " -c listen_addresses=127.0.0.1", "-w", "start");
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        try {
            run("pg_ctl", "-D", directory.resolve("data").toString(), "-m", "immediate", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind
            }
        }
    }

    private void run(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (runsAsRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile(directory, program, ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The newest PostgreSQL of Debian's packages ({@code /usr/lib/postgresql/<major>/bin}). */
    private static Path binaries() {
        Path versions = Path.of("/usr/lib/postgresql");
        try (Stream<Path> installed = Files.isDirectory(versions) ? Files.list(versions) : Stream.empty()) {
            return installed.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("The PostgreSQL tests need PostgreSQL's server:"
                            + " apt-get install postgresql (.ci/run installs it)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
