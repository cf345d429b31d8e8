package dev.ordinal.kubelet.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.ordinal.kubelet.container.ClusterNetwork;
import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.ContainerLog;
import dev.ordinal.kubelet.container.ImageLayout;
import dev.ordinal.kubelet.container.NameServer;
import dev.ordinal.kubelet.container.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** ps and kill over the container's process table. */
class ProcessToolsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    private final Processes processes = new Processes();
    private final Container container;

    ProcessToolsTest() {
        ContainerFilesystem filesystem = new ContainerFilesystem(CLOCK);
        ContainerLog log = new ContainerLog(CLOCK);
        ImageLayout.apply(filesystem, log);
        Tools.install(filesystem);
        container = new Container("main", "busybox", filesystem, "web-0", Container.User.ROOT, Map.of("PATH", "/bin"),
                "/", log, processes, NameServer.NONE, ClusterNetwork.NONE);
    }

    private record Run(int status, String out, String err) {
    }

    /** Runs {@code script} as a process of the container, as kubectl exec starts one. */
    private Run exec(String script) {
        Processes.Process process = processes.start("sh -c " + script);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = new Shell(container, false).execute(List.of("sh", "-c", script),
                    new Io(new ByteArrayInputStream(new byte[0]), out, err));
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            processes.exit(process);
        }
    }

    /** A main process sleeping as PID 1; completes with its exit status as the runtime computes it. */
    private CompletableFuture<Integer> sleepingMain() {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread main = new Thread(() -> {
            Processes.Process init = processes.startInit("sh -c sleep 3600", Thread.currentThread());
            int status = new Shell(container, false).execute(List.of("sh", "-c", "sleep 3600"),
                    new Io(Io.NO_INPUT, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()));
            processes.exit(init);
            exit.complete(init.signal() != 0 ? 128 + init.signal() : status);
        });
        main.setDaemon(true);
        main.start();
        await().until(() -> processes.list().stream().anyMatch(p -> p.pid() == Processes.INIT));
        return exit;
    }

    @Test
    void psListsTheMainProcessAsPid1AndTheExecdOne() {
        CompletableFuture<Integer> main = sleepingMain();
        Run ps = exec("ps");
        assertThat(ps.out()).isEqualTo("""
                PID   USER     TIME  COMMAND
                    1 root      0:00 sh -c sleep 3600
                    2 root      0:00 sh -c ps
                """);
        exec("kill -9 1");
        assertThat(main.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(137);
    }

    @Test
    void kill1EndsTheMainProcessWithSigterm() {
        CompletableFuture<Integer> main = sleepingMain();
        Run kill = exec("kill 1");
        assertThat(kill.status()).isZero();
        assertThat(main.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(143);
        assertThat(processes.list()).isEmpty();
    }

    @Test
    void killingNoProcessIsBusyboxsError() {
        Run run = exec("kill 99");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("kill: can't kill pid 99: No such process\n");
        assertThat(exec("kill -BOGUS 1").err()).isEqualTo("kill: bad signal name 'BOGUS'\n");
        assertThat(exec("kill -l").out()).startsWith(" 1) HUP\n 2) INT\n").contains("15) TERM\n");
    }
}
