package dev.ordinal.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a Kubernetes protobuf message as the JSON the API server would serve for it, walking the
 * message's descriptor.
 *
 * <p>Kubernetes' .proto files are generated from the Go types with the JSON names as field names,
 * so most of the mapping is mechanical. The exceptions are the apimachinery types whose Go
 * structs have hand-written JSON forms; they are converted here the way their MarshalJSON does.
 *
 * <p>Presence follows proto2: a field is written when the sender set it. Note that client-go
 * (gogo-protobuf) sets every field that is not a pointer in Go, so a body from kubectl carries
 * empty strings and zeros such as {@code metadata.namespace: ""} or {@code nodePort: 0}, which Go
 * reads as unset. Pointer fields are sent only when set, so {@code replicas: 0} survives.
 */
final class ProtobufJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final String TIME = META + "Time";
    private static final String MICRO_TIME = META + "MicroTime";
    private static final String FIELDS_V1 = META + "FieldsV1";
    private static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";
    private static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";

    /** metav1.Time is serialised with seconds precision, metav1.MicroTime with microseconds. */
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICRO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private ProtobufJson() {
    }

    static ObjectNode object(Message message) {
        ObjectNode json = NODES.objectNode();
        message.getAllFields().forEach((field, value) -> {
            JsonNode converted = field.isMapField() ? map(field, (List<?>) value)
                    : field.isRepeated() ? array(field, (List<?>) value)
                    : value(field, value);
            if (converted != null) {
                json.set(field.getName(), converted);
            }
        });
        return json;
    }

    private static ArrayNode array(FieldDescriptor field, List<?> values) {
        ArrayNode json = NODES.arrayNode();
        values.forEach(value -> json.add(orNull(value(field, value))));
        return json;
    }

    /** A proto map field is a repeated message of key/value entries; Kubernetes keys are strings. */
    private static ObjectNode map(FieldDescriptor field, List<?> entries) {
        FieldDescriptor key = field.getMessageType().findFieldByName("key");
        FieldDescriptor value = field.getMessageType().findFieldByName("value");
        ObjectNode json = NODES.objectNode();
        for (Object entry : entries) {
            Message pair = (Message) entry;
            json.set((String) pair.getField(key), orNull(value(value, pair.getField(value))));
        }
        return json;
    }

    /** Returns the JSON of one value, or null when Go would marshal it as null. */
    private static JsonNode value(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case FLOAT, DOUBLE -> NODES.numberNode(((Number) value).doubleValue());
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case STRING -> NODES.stringNode((String) value);
            // Go's encoding/json writes []byte (Secret.data, ConfigMap.binaryData) as padded base64.
            case BYTE_STRING -> NODES.stringNode(
                    Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> NODES.stringNode(((EnumValueDescriptor) value).getName());
            case MESSAGE -> message((Message) value);
        };
    }

    private static JsonNode message(Message message) {
        return switch (message.getDescriptorForType().getFullName()) {
            case TIME -> time(message, RFC3339);
            case MICRO_TIME -> time(message, RFC3339_MICRO);
            case INT_OR_STRING -> intOrString(message);
            case QUANTITY -> NODES.stringNode((String) field(message, "string"));
            case RAW_EXTENSION, FIELDS_V1 -> rawJson(message);
            // go-to-protobuf wraps the Go slice type ExtraValue ([]string) in a message of items.
            default -> message.getDescriptorForType().getName().equals("ExtraValue")
                    ? array(message.getDescriptorForType().findFieldByName("items"), (List<?>) field(message, "items"))
                    : object(message);
        };
    }

    /**
     * Go marshals the zero time as an empty message (and JSON null) since creationTimestamp and
     * its kin are not pointers, so a Time without seconds is unset. For Time, Go's unmarshaller
     * ignores the nanos; the seconds-only pattern drops them the same way.
     */
    private static JsonNode time(Message time, DateTimeFormatter format) {
        FieldDescriptor seconds = time.getDescriptorForType().findFieldByName("seconds");
        if (!time.hasField(seconds)) {
            return null;
        }
        return NODES.stringNode(format.format(
                Instant.ofEpochSecond((Long) time.getField(seconds), (Integer) field(time, "nanos"))));
    }

    /** IntOrString carries its type: 0 for an int, 1 for a string. */
    private static JsonNode intOrString(Message value) {
        return (Long) field(value, "type") == 1
                ? NODES.stringNode((String) field(value, "strVal"))
                : NODES.numberNode((Integer) field(value, "intVal"));
    }

    /**
     * RawExtension and FieldsV1 hold JSON bytes that their MarshalJSON writes out verbatim, nil as
     * null. Their only field is number 1 (named raw in one, Raw in the other).
     */
    private static JsonNode rawJson(Message message) {
        ByteString raw = (ByteString) message.getField(message.getDescriptorForType().findFieldByNumber(1));
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return JsonMapper.shared().readTree(raw.toByteArray());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    message.getDescriptorForType().getName() + " does not hold JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    private static JsonNode orNull(JsonNode json) {
        return json == null ? NODES.nullNode() : json;
    }
}
