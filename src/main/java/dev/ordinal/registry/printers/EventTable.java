package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get events}: LAST SEEN TYPE REASON OBJECT MESSAGE, with the wide columns SUBOBJECT
 * and SOURCE before MESSAGE and FIRST SEEN, COUNT and NAME after it. Core v1 and events.k8s.io/v1
 * events print alike: upstream converts both to one internal Event before printing, so the
 * events.k8s.io fields are read where their core counterparts would be.
 */
public final class EventTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Column.string("Last Seen", "Time since the event last happened."),
            Column.string("Type", "Normal, or Warning for something to look into."),
            Column.string("Reason", "A short, machine-readable word for why the event happened."),
            Column.string("Object", "The object the event is about, as kind/name."),
            Column.wide("Subobject", "The part of the object the event is about, such as one container."),
            Column.wide("Source", "The component, and the host, that reported the event."),
            Column.string("Message", "What happened, for people to read."),
            Column.wide("First Seen", "Time since the event first happened."),
            Column.wide("Count", "How many times the event has happened."),
            new Column("Name", "string", "name", "The event object's own name.", 1));

    /** Where one API version of Event keeps what the printer reads. */
    private record Shape(String firstTimestamp, String lastTimestamp, String count, String involvedObject,
                         String source, String message, String reportingController) {
    }

    private static final Shape CORE_V1 = new Shape("firstTimestamp", "lastTimestamp", "count",
            "involvedObject", "source", "message", "reportingComponent");

    private static final Shape EVENTS_V1 = new Shape("deprecatedFirstTimestamp", "deprecatedLastTimestamp",
            "deprecatedCount", "regarding", "deprecatedSource", "note", "reportingController");

    private final Shape shape;

    private EventTable(Shape shape) {
        this.shape = shape;
    }

    /** Events of the core group, v1. */
    public static EventTable coreV1() {
        return new EventTable(CORE_V1);
    }

    /** Events of events.k8s.io/v1. */
    public static EventTable eventsV1() {
        return new EventTable(EVENTS_V1);
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured event, Instant now) {
        JsonNode json = event.json();
        Instant first = JsonFields.time(json.path(shape.firstTimestamp()));
        String firstSeen = first != null ? Timestamps.since(first, now) : Timestamps.since(json.path("eventTime"), now);
        Instant last = JsonFields.time(json.path(shape.lastTimestamp()));
        String lastSeen = last != null ? Timestamps.since(last, now) : firstSeen;
        long count = Fields.number(json.path(shape.count()));
        JsonNode series = json.path("series");
        if (series.isObject()) {
            lastSeen = Timestamps.since(series.path("lastObservedTime"), now);
            count = Fields.number(series.path("count"));
        } else if (count == 0) {
            // Events of the newer API leave the count unset when they happened once.
            count = 1;
        }
        JsonNode involved = json.path(shape.involvedObject());
        return List.of(lastSeen,
                Fields.text(json, "type"),
                Fields.text(json, "reason"),
                target(involved),
                Fields.text(involved, "fieldPath"),
                source(json),
                Fields.text(json, shape.message()).strip(),
                firstSeen,
                count,
                event.name());
    }

    /** {@code kind/name} in lower-case kind, or the kind alone for an event about no named object. */
    private static String target(JsonNode involved) {
        String kind = Fields.text(involved, "kind").toLowerCase(Locale.ROOT);
        String name = Fields.text(involved, "name");
        return name.isEmpty() ? kind : kind + "/" + name;
    }

    /** {@code component, host}, each falling back to the reporting controller and instance. */
    private String source(JsonNode event) {
        JsonNode source = event.path(shape.source());
        String component = firstNonEmpty(Fields.text(source, "component"),
                Fields.text(event, shape.reportingController()));
        String instance = firstNonEmpty(Fields.text(source, "host"), Fields.text(event, "reportingInstance"));
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    private static String firstNonEmpty(String first, String second) {
        return first.isEmpty() ? second : first;
    }
}
