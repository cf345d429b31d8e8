package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get endpoints}: NAME ENDPOINTS AGE. */
public final class EndpointsTable implements TableConvertor {

    /** Upstream shows three addresses and counts the rest. */
    private static final int SHOWN = 3;

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Endpoints", "Ready addresses behind the service, with their ports; the first three."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured endpoints, Instant now) {
        return List.of(endpoints.name(), format(endpoints.at("subsets")), Timestamps.age(endpoints, now));
    }

    /** Each ready address once per port as {@code ip:port}, or bare where a subset has no ports. */
    private static String format(JsonNode subsets) {
        if (Fields.count(subsets) == 0) {
            return "<none>";
        }
        List<String> shown = new ArrayList<>();
        int total = 0;
        for (JsonNode subset : Fields.items(subsets)) {
            List<JsonNode> addresses = Fields.items(subset.path("addresses"));
            List<JsonNode> ports = Fields.items(subset.path("ports"));
            if (ports.isEmpty()) {
                // A headless service may have no ports.
                total += addresses.size();
                for (JsonNode address : addresses) {
                    if (shown.size() == SHOWN) {
                        break;
                    }
                    shown.add(Fields.text(address, "ip"));
                }
                continue;
            }
            for (JsonNode port : ports) {
                total += addresses.size();
                for (JsonNode address : addresses) {
                    if (shown.size() == SHOWN) {
                        break;
                    }
                    shown.add(hostPort(Fields.text(address, "ip"), Fields.number(port.path("port"))));
                }
            }
        }
        String joined = String.join(",", shown);
        return total > SHOWN ? joined + " + " + (total - SHOWN) + " more..." : joined;
    }

    /** Go's net.JoinHostPort: an IPv6 address goes in brackets. */
    private static String hostPort(String ip, long port) {
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
