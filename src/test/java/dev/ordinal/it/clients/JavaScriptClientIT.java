package dev.ordinal.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client, {@code @kubernetes/client-node} as {@code src/test/js/package-lock.json}
 * pins it, drives a StatefulSet's whole life ({@code src/test/js/statefulset.mjs}). The test
 * installs the client with {@code npm ci} into {@code target/clients/js} once (again when the lock
 * file changes), so it needs Node.js and npm on the PATH and the npm registry, as CI has them.
 */
@ClientServer
@Timeout(300)
class JavaScriptClientIT {

    private static final Path SOURCES = Path.of("src/test/js");
    private static final Path INSTALLED = Path.of("target/clients/js");

    @LocalServerPort
    int port;

    @Test
    void drivesAStatefulSetThroughItsLife() {
        Path directory = install();
        String printed = ClientScript.run(port, "js-client", directory, List.of("node", "statefulset.mjs"));
        assertThat(printed).contains("ok: the JavaScript client drove the StatefulSet through its life");
    }

    /** The script and its node_modules in one directory, as Node.js resolves an ES module's imports beside it. */
    private static synchronized Path install() {
        ClientScript.Outcome node = ClientScript.probe(Path.of("."), "node", "--version");
        assertThat(node.exitCode()).as("JavaScriptClientIT needs Node.js (20 or later) and npm on the PATH: %s",
                node.output()).isZero();
        try {
            Files.createDirectories(INSTALLED);
            Path lock = SOURCES.resolve("package-lock.json");
            // A copy of the lock file that the last successful install leaves.
            Path installedLock = INSTALLED.resolve("node_modules/.installed-package-lock.json");
            boolean current = Files.exists(installedLock)
                    && Arrays.equals(Files.readAllBytes(lock), Files.readAllBytes(installedLock));
            for (String file : List.of("package.json", "package-lock.json", "statefulset.mjs")) {
                Files.copy(SOURCES.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!current) {
                ClientScript.Outcome npm = ClientScript.probe(INSTALLED, "npm", "ci", "--no-audit", "--no-fund",
                        "--loglevel=error");
                assertThat(npm.exitCode()).as("npm ci in %s failed (JavaScriptClientIT needs npm and the npm registry):%n%s",
                        INSTALLED, npm.output()).isZero();
                Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
            }
            return INSTALLED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
