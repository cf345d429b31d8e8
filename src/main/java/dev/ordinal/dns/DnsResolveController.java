package dev.ordinal.dns;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.ordinal.machinery.IpAddresses;
import dev.ordinal.machinery.StatusError;

/**
 * Cluster DNS over HTTP: the answer the DNS server would give to one question, as JSON, for curl
 * and Swagger UI users without a DNS client at hand.
 */
@RestController
@Tag(name = "DNS", description = "Names the cluster's DNS answers for Services, StatefulSet pods and pod IPs")
class DnsResolveController {

    private static final List<String> TYPES = List.of("A", "AAAA", "SRV", "PTR", "TXT", "CNAME", "SOA", "ANY");

    private final ClusterDnsResolver resolver;

    DnsResolveController(ClusterDnsResolver resolver) {
        this.resolver = resolver;
    }

    @GetMapping(path = "/dns/resolve", produces = "application/json")
    @Operation(summary = "Resolve a name as cluster DNS would",
            description = """
                    Answers one DNS question the way the embedded DNS server (CoreDNS's kubernetes plugin \
                    behaviour) answers it: `rcode` is NOERROR with records, NOERROR without records (NODATA: \
                    the name exists, not with this type), NXDOMAIN (no such name) or REFUSED (outside the \
                    cluster domain and the reverse zones). Negative answers carry the zone's SOA in \
                    `authority`; SRV answers carry their targets' addresses in `additional`. ANY is answered \
                    as CoreDNS does: without records, only telling NXDOMAIN from NODATA.""")
    @ApiResponse(responseCode = "200", description = "The answer",
            content = @Content(schema = @Schema(implementation = DnsAnswer.class), examples = {
                    @ExampleObject(name = "StatefulSet pod", summary = "web-0.nginx.default.svc.cluster.local A",
                            value = """
                                    {"name":"web-0.nginx.default.svc.cluster.local.","type":"A","rcode":"NOERROR",
                                     "answer":[{"name":"web-0.nginx.default.svc.cluster.local.","type":"A","ttl":5,
                                                "data":"10.244.0.10","address":"10.244.0.10"}],
                                     "authority":[],"additional":[]}"""),
                    @ExampleObject(name = "SRV of a headless Service",
                            summary = "_web._tcp.nginx.default.svc.cluster.local SRV", value = """
                                    {"name":"_web._tcp.nginx.default.svc.cluster.local.","type":"SRV","rcode":"NOERROR",
                                     "answer":[{"name":"_web._tcp.nginx.default.svc.cluster.local.","type":"SRV","ttl":5,
                                                "data":"0 100 80 web-0.nginx.default.svc.cluster.local.","priority":0,
                                                "weight":100,"port":80,"target":"web-0.nginx.default.svc.cluster.local."}],
                                     "authority":[],
                                     "additional":[{"name":"web-0.nginx.default.svc.cluster.local.","type":"A","ttl":5,
                                                    "data":"10.244.0.10","address":"10.244.0.10"}]}"""),
                    @ExampleObject(name = "Unknown name", summary = "NXDOMAIN with the zone's SOA", value = """
                            {"name":"web-9.nginx.default.svc.cluster.local.","type":"A","rcode":"NXDOMAIN","answer":[],
                             "authority":[{"name":"cluster.local.","type":"SOA","ttl":5,
                                           "data":"ns.dns.cluster.local. hostmaster.cluster.local. 1735689600 7200 1800 86400 5"}],
                             "additional":[]}""")}))
    DnsAnswer resolve(
            @Parameter(description = "The name to resolve; a trailing dot is optional",
                    example = "web-0.nginx.default.svc.cluster.local") @RequestParam String name,
            @Parameter(description = "The record type asked for",
                    schema = @Schema(allowableValues = {"A", "AAAA", "SRV", "PTR", "TXT", "CNAME", "SOA", "ANY"},
                            defaultValue = "A")) @RequestParam(defaultValue = "A") String type) {
        String typeName = type.toUpperCase(Locale.ROOT);
        if (!TYPES.contains(typeName)) {
            throw StatusError.badRequest("unsupported record type \"" + type + "\", supported: "
                    + String.join(", ", TYPES));
        }
        Name qname;
        try {
            qname = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw StatusError.badRequest("invalid name \"" + name + "\": " + e.getMessage());
        }
        Message answer = resolver.answer(Message.newQuery(Record.newRecord(qname, Type.value(typeName), DClass.IN)));
        return new DnsAnswer(qname.toString(), typeName, Rcode.string(answer.getRcode()),
                records(answer, Section.ANSWER), records(answer, Section.AUTHORITY),
                records(answer, Section.ADDITIONAL));
    }

    private static List<ResourceRecord> records(Message message, int section) {
        return message.getSection(section).stream().map(DnsResolveController::view).toList();
    }

    private static ResourceRecord view(Record record) {
        ResourceRecord plain = new ResourceRecord(record.getName().toString(), Type.string(record.getType()),
                record.getTTL(), record.rdataToString(), null, null, null, null, null, null);
        if (record instanceof ARecord a) {
            return plain.withAddress(a.getAddress().getHostAddress());
        }
        if (record instanceof AAAARecord aaaa) {
            String address = IpAddresses.format(aaaa.getAddress().getAddress());
            return new ResourceRecord(plain.name(), plain.type(), plain.ttl(), address, address, null, null, null,
                    null, null);
        }
        if (record instanceof SRVRecord srv) {
            return new ResourceRecord(plain.name(), plain.type(), plain.ttl(), plain.data(), null, srv.getPriority(),
                    srv.getWeight(), srv.getPort(), srv.getTarget().toString(), null);
        }
        if (record instanceof PTRRecord ptr) {
            return plain.withTarget(ptr.getTarget().toString());
        }
        if (record instanceof CNAMERecord cname) {
            return plain.withTarget(cname.getTarget().toString());
        }
        if (record instanceof TXTRecord txt) {
            return new ResourceRecord(plain.name(), plain.type(), plain.ttl(), plain.data(), null, null, null, null,
                    null, txt.getStrings());
        }
        return plain;
    }

    /** One question's answer. */
    @Schema(description = "The answer to one DNS question")
    record DnsAnswer(
            @Schema(description = "The name asked for, fully qualified", example = "nginx.default.svc.cluster.local.")
            String name,
            @Schema(description = "The record type asked for", example = "A") String type,
            @Schema(description = "NOERROR, NXDOMAIN or REFUSED", example = "NOERROR") String rcode,
            @Schema(description = "The records answering the question") List<ResourceRecord> answer,
            @Schema(description = "The zone's SOA record, on negative answers") List<ResourceRecord> authority,
            @Schema(description = "Addresses of SRV targets") List<ResourceRecord> additional) {
    }

    /** One resource record: its presentation data, and the same split into fields by type. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A resource record")
    record ResourceRecord(
            @Schema(example = "web-0.nginx.default.svc.cluster.local.") String name,
            @Schema(example = "A") String type,
            @Schema(description = "Time to live, in seconds", example = "5") long ttl,
            @Schema(description = "The record data as dig prints it", example = "10.244.0.10") String data,
            @Schema(description = "A and AAAA: the address") String address,
            @Schema(description = "SRV: the priority") Integer priority,
            @Schema(description = "SRV: the weight") Integer weight,
            @Schema(description = "SRV: the port") Integer port,
            @Schema(description = "SRV, PTR and CNAME: the name pointed at") String target,
            @Schema(description = "TXT: the strings") List<String> text) {

        ResourceRecord withAddress(String value) {
            return new ResourceRecord(name, type, ttl, data, value, null, null, null, null, null);
        }

        ResourceRecord withTarget(String value) {
            return new ResourceRecord(name, type, ttl, data, null, null, null, null, value, null);
        }
    }
}
