package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/** {@code kubectl get endpointslices}: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
public final class EndpointSliceTable implements TableConvertor {

    /** Upstream shows three ports or addresses and counts the rest. */
    private static final int SHOWN = 3;

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("AddressType", "The kind of address the slice carries: IPv4, IPv6 or FQDN."),
            Column.string("Ports", "The slice's ports by number, or by name where unnumbered; the first three."),
            Column.string("Endpoints", "Addresses of the slice's endpoints; the first three."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured slice, Instant now) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : Fields.items(slice.at("ports"))) {
            JsonNode number = port.path("port");
            JsonNode name = port.path("name");
            ports.add(!number.isMissingNode() && !number.isNull() ? Fields.text(number)
                    : Fields.textOr(name, "*"));
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode endpoint : Fields.items(slice.at("endpoints"))) {
            Fields.items(endpoint.path("addresses")).forEach(address -> addresses.add(Fields.text(address)));
        }
        return List.of(slice.name(), Fields.text(slice.at("addressType")), firstFew(ports), firstFew(addresses),
                Timestamps.age(slice, now));
    }

    /** The first three joined by commas and a count of the rest; {@code <unset>} where that is empty. */
    private static String firstFew(List<String> values) {
        String joined = String.join(",", values.subList(0, Math.min(SHOWN, values.size())));
        if (values.size() > SHOWN) {
            return joined + " + " + (values.size() - SHOWN) + " more...";
        }
        return joined.isEmpty() ? "<unset>" : joined;
    }
}
