package dev.ordinal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The server's own cost per request, measured from outside: Ordinal in its own process
 * ({@code java -jar target/ordinal.jar}), driven by {@code wrk}, a native load generator (Debian's
 * package), so that no client's cost is counted, and the server's CPU time read from
 * {@code /proc/<pid>/stat} before and after each phase. Each size of store (pods stored) runs the
 * same requests, side by side with {@code GET /version}, the framework's floor: routing and a
 * small JSON answer.
 */
final class ServerCost {

    /** A pod the requests create: a name no other wrk thread or phase uses, left alone by the scheduler. */
    private static final String CREATE_SCRIPT = """
            local counter = 0
            local prefix
            function init(args)
              prefix = string.lower(string.gsub(tostring({}), "[^%w]", "")) .. tostring(os.time())
            end
            request = function()
              counter = counter + 1
              local body = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"wrk-' .. prefix .. '-' .. counter
                .. '","labels":{"app":"wrk"}},"spec":{"schedulerName":"none",'
                .. '"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10"}]}}'
              return wrk.format("POST", "/api/v1/namespaces/bench/pods", {["Content-Type"]="application/json"}, body)
            end
            """;
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);

    private final Settings settings;
    private final Report report;
    private final Path jar;

    ServerCost(Settings settings, Report report, Path jar) {
        this.settings = settings;
        this.report = report;
        this.jar = jar;
    }

    void run() {
        if (!wrkInstalled()) {
            System.err.println("no wrk on the PATH: the server phases need it (Debian: apt-get install wrk)");
            return;
        }
        Path script = createScript();
        List<Row> rows = new ArrayList<>();
        try (OrdinalProcess ordinal = new OrdinalProcess(jar, List.of())) {
            ordinal.awaitReady();
            int stored = 0;
            try (KubernetesClient client = ordinal.client()) {
                ApiPhases.createNamespace(client, "bench");
                for (int size : settings.serverSizes()) {
                    int from = stored;
                    new Load(settings.threads()).run("fill to " + size, ordinal.name(), size - from,
                            i -> client.pods().inNamespace("bench").resource(Pods.pod(from + i)).create());
                    if (stored == 0) {
                        // A first round unrecorded, so that every size finds the code paths compiled.
                        requests(ordinal.url(), script).forEach((request, command) -> wrk(command));
                        removeCreated(client);
                    }
                    stored = size;
                    for (Map.Entry<String, List<String>> request : requests(ordinal.url(), script).entrySet()) {
                        rows.add(measure(ordinal, size, request.getKey(), request.getValue()));
                    }
                    removeCreated(client);
                }
            }
        } finally {
            Directories.delete(script.getParent());
        }
        print(rows);
    }

    /** The pods the create requests made go again, so that the next size starts from its own count. */
    private static void removeCreated(KubernetesClient client) {
        client.pods().inNamespace("bench").withLabel("app", "wrk").delete();
    }

    /** The requests of a round, each as the wrk command that sends it for the configured time. */
    private Map<String, List<String>> requests(String url, Path createScript) {
        Map<String, List<String>> requests = new LinkedHashMap<>();
        requests.put("GET /version (the floor)", wrkCommand(url + "/version", null));
        requests.put("GET a pod", wrkCommand(url + "/api/v1/namespaces/bench/pods/" + Pods.name(0), null));
        requests.put("LIST 500 pods", wrkCommand(url + "/api/v1/namespaces/bench/pods?limit=500", null));
        requests.put("create a pod", wrkCommand(url, createScript));
        return requests;
    }

    private List<String> wrkCommand(String url, Path script) {
        List<String> command = new ArrayList<>(List.of("wrk", "--latency", "-t", "2", "-c",
                Integer.toString(settings.threads()), "-d", settings.serverSeconds() + "s"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        return command;
    }

    /** One request at one size: the server idle first, then wrk, and the server's CPU time over what it answered. */
    private Row measure(OrdinalProcess ordinal, int size, String request, List<String> command) {
        ordinal.awaitIdle();
        double cpuBefore = ordinal.cpuSeconds();
        String output = wrk(command);
        double cpu = ordinal.cpuSeconds() - cpuBefore;
        long requests = first(REQUESTS, output);
        long failed = NON_2XX.matcher(output).find() ? first(NON_2XX, output) : 0;
        Row row = new Row(request, size, requests, failed, settings.serverSeconds(), cpu,
                percentileMillis(output, "50"), percentileMillis(output, "99"));
        System.err.printf("  %-28s %,9d pods  %,9d requests  %8.0f µs CPU each  %,9.0f/s%n", request, size,
                requests, row.cpuMicrosEach(), row.perSecond());
        return row;
    }

    private void print(List<Row> rows) {
        report.line("");
        report.line("| request (server in its own process, wrk) | pods stored | server CPU per request | per second"
                + " | p50 ms | p99 ms |");
        report.line("|---|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            String cpu = row.request().startsWith("LIST")
                    ? "%,.0f µs (%.1f µs a pod)".formatted(row.cpuMicrosEach(), row.cpuMicrosEach() / 500)
                    : "%,.0f µs".formatted(row.cpuMicrosEach());
            report.line("| %s | %,d | %s | %,.0f%s | %.2f | %.2f |", row.request(), row.size(), cpu, row.perSecond(),
                    row.failed() > 0 ? " (" + row.failed() + " failed)" : "", row.p50Millis(), row.p99Millis());
        }
        report.line("");
    }

    /** What one phase measured at one size. */
    private record Row(String request, int size, long requests, long failed, int seconds, double cpuSeconds,
                       double p50Millis, double p99Millis) {

        double cpuMicrosEach() {
            return requests == 0 ? 0 : cpuSeconds * 1e6 / requests;
        }

        double perSecond() {
            return requests / (double) seconds;
        }
    }

    private static String wrk(List<String> command) {
        try {
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!wrk.waitFor(10, TimeUnit.MINUTES) || wrk.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long first(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in wrk's output: " + output);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** A percentile of wrk's latency distribution ({@code --latency}), in milliseconds. */
    private static double percentileMillis(String output, String percentile) {
        Matcher matcher = PERCENTILE.matcher(output);
        while (matcher.find()) {
            if (matcher.group(1).equals(percentile)) {
                double value = Double.parseDouble(matcher.group(2));
                return switch (matcher.group(3)) {
                    case "us" -> value / 1000;
                    case "s" -> value * 1000;
                    default -> value;
                };
            }
        }
        return Double.NaN;
    }

    private static boolean wrkInstalled() {
        try {
            Process which = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            which.getInputStream().readAllBytes();
            return which.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path createScript() {
        Path directory = Directories.create("ordinal-wrk");
        Path script = directory.resolve("create.lua");
        try {
            Files.writeString(script, CREATE_SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }
}
