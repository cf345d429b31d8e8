package dev.ordinal.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The sizes of a run, from system properties ({@code -Dbench.threads=8} …); the defaults are the
 * figures the README reports.
 *
 * @param threads        concurrent clients of the API phases
 * @param objects        pods created, read, patched and deleted
 * @param largeObjects   pods stored for the large list
 * @param lists          lists of {@code objects} pods
 * @param selectedLists  label-selected lists
 * @param largeLists     lists of {@code largeObjects} pods
 * @param warmUp         pods of the warm-up round
 * @param watchWrites    writes whose delivery to watchers is timed
 * @param watchIntervalMillis pause between those writes
 * @param only           run only the phases of these groups (api, watch, statefulset, process, server), or all;
 *                       memory is the part of process that measures memory, without start-ups or kubectl
 * @param servers        which servers the API and watch phases measure: mock, file, mem
 * @param sets           StatefulSets of the many-sets convergence
 * @param starts         JVM starts timed, and kubectl runs
 * @param serverSizes    pods stored for each round of the server phases
 * @param serverSeconds  how long wrk runs each server phase
 */
record Settings(int threads, int objects, int largeObjects, int lists, int selectedLists, int largeLists,
                int warmUp, int watchWrites, int watchIntervalMillis, String only, String servers,
                int sets, int starts, List<Integer> serverSizes, int serverSeconds) {

    static Settings fromSystemProperties() {
        return new Settings(
                Integer.getInteger("bench.threads", 16),
                Integer.getInteger("bench.objects", 2_000),
                Integer.getInteger("bench.large-objects", 10_000),
                Integer.getInteger("bench.lists", 48),
                Integer.getInteger("bench.selected-lists", 400),
                Integer.getInteger("bench.large-lists", 16),
                Integer.getInteger("bench.warm-up", 1_000),
                Integer.getInteger("bench.watch-writes", 300),
                Integer.getInteger("bench.watch-interval-millis", 10),
                System.getProperty("bench.only", "all"),
                System.getProperty("bench.servers", "mock,file,mem"),
                Integer.getInteger("bench.sets", 1_000),
                Integer.getInteger("bench.starts", 5),
                Arrays.stream(System.getProperty("bench.server-sizes", "1000,10000,100000").split(","))
                        .map(String::trim).map(Integer::valueOf).toList(),
                Integer.getInteger("bench.server-seconds", 10));
    }

    boolean runs(String group) {
        return only.equals("all") || only.contains(group);
    }
}
