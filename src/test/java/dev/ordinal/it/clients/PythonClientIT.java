package dev.ordinal.it.clients;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python client drives a StatefulSet's whole life ({@code src/test/python/statefulset.py}):
 * Debian's {@code python3-kubernetes}, which installs into the system interpreter's dist-packages,
 * so the script runs with {@code /usr/bin/python3} whatever {@code python3} the PATH names (a
 * pyenv shim, a virtualenv). {@code .ci/run} installs the package when it is missing.
 */
@ClientServer
@Timeout(120)
class PythonClientIT {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SOURCES = Path.of("src/test/python");

    @LocalServerPort
    int port;

    @Test
    void drivesAStatefulSetThroughItsLife() {
        ClientScript.Outcome client = ClientScript.probe(SOURCES, PYTHON, "-c",
                "import kubernetes; print(kubernetes.__version__)");
        assertThat(client.exitCode()).as("PythonClientIT needs Debian's python3-kubernetes for %s "
                + "(apt-get install python3-kubernetes; .ci/run installs it): %s", PYTHON, client.output()).isZero();
        String printed = ClientScript.run(port, "python-client", SOURCES, List.of(PYTHON, "statefulset.py"));
        assertThat(printed).contains("ok: the Python client drove the StatefulSet through its life");
    }
}
