package dev.ordinal.api;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a request body sent as {@code application/vnd.kubernetes.protobuf} into the JSON tree of
 * the object, as if the client had sent JSON.
 *
 * <p>client-go encodes built-in kinds as protobuf by default, which is what kubectl's generator
 * commands ({@code kubectl create namespace|configmap|secret|service …}) send. Its serializer
 * writes the 4-byte magic {@code "k8s\0"} followed by a {@code runtime.Unknown} message whose
 * {@code typeMeta} names the group/version and kind and whose {@code raw} holds the object itself.
 * The object's own message has no apiVersion/kind fields: they exist only in that envelope.
 *
 * <p>The schema of {@code raw} is found by naming convention in client-java-proto: the outer class
 * of a group/version is the capitalised version followed by the capitalised first label of the
 * group ({@code v1} → {@code V1}, {@code apps/v1} → {@code V1Apps}, {@code
 * rbac.authorization.k8s.io/v1} → {@code V1Rbac}), and the kind is a message of that file.
 */
public final class ProtobufObjectDecoder {

    /** The prefix client-go's protobuf serializer puts before every envelope. */
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /**
     * A built-in apiVersion: the core group has none, the others either have no dot (apps, batch,
     * policy…) or end in k8s.io, a suffix reserved for Kubernetes' own APIs. Anything else, such as a
     * CRD group apps.example.com, must not be mistaken for the built-in group sharing its label.
     * The version has Kubernetes' shape, so that no other class of the package can be named.
     */
    private static final Pattern BUILT_IN_API_VERSION = Pattern.compile(
            "(?:([a-z0-9-]+)(?:\\.[a-z0-9-]+)*\\.k8s\\.io/|([a-z0-9-]+)/)?(v[0-9]+(?:(?:alpha|beta)[0-9]+)?)");

    private static final String PROTO_PACKAGE = "io.kubernetes.client.proto.";
    /**
     * The meta/v1 option kinds upstream registers in every group-version (metav1.AddToGroupVersion):
     * a typed client sends them, e.g. a delete's DeleteOptions, under its own apiVersion.
     */
    private static final Set<String> OPTIONS_KINDS =
            Set.of("DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions", "GetOptions", "ListOptions");

    private ProtobufObjectDecoder() {
    }

    /**
     * Decodes a protobuf request body into the object's JSON form, with apiVersion and kind set
     * from the envelope.
     *
     * @throws IllegalArgumentException if the body is not a Kubernetes protobuf envelope, names a
     *     kind this decoder has no schema for, or holds bytes that do not match that schema
     */
    public static ObjectNode decode(byte[] body) {
        if (body == null || body.length < MAGIC.length
                || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException(
                    "the body is not a Kubernetes protobuf envelope: it does not start with the magic \"k8s\\0\"");
        }
        Runtime.Unknown envelope;
        try {
            envelope = Runtime.Unknown.parseFrom(ByteBuffer.wrap(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "the body is not a Kubernetes protobuf envelope: " + e.getMessage(), e);
        }
        String apiVersion = envelope.getTypeMeta().getApiVersion();
        String kind = envelope.getTypeMeta().getKind();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new IllegalArgumentException(
                    "the protobuf envelope does not name the object's apiVersion and kind");
        }
        DynamicMessage object;
        try {
            object = DynamicMessage.parseFrom(messageType(apiVersion, kind), envelope.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "the protobuf body is not a valid " + apiVersion + " " + kind + ": " + e.getMessage(), e);
        }
        ObjectNode json = ProtobufJson.NODES.objectNode();
        json.put("kind", kind);
        json.put("apiVersion", apiVersion);
        return json.setAll(ProtobufJson.object(object));
    }

    private static Descriptor messageType(String apiVersion, String kind) {
        Matcher parts = BUILT_IN_API_VERSION.matcher(apiVersion);
        if (!parts.matches()) {
            throw noSchema(apiVersion, kind);
        }
        String groupLabel = parts.group(1) != null ? parts.group(1) : parts.group(2);
        String outerClass = PROTO_PACKAGE + capitalise(parts.group(3))
                + (groupLabel == null ? "" : capitalise(groupLabel));
        FileDescriptor file;
        try {
            file = (FileDescriptor) Class.forName(outerClass).getMethod("getDescriptor").invoke(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw noSchema(apiVersion, kind);
        }
        Descriptor type = file.findMessageTypeByName(kind);
        if (type == null && OPTIONS_KINDS.contains(kind)) {
            type = Meta.getDescriptor().findMessageTypeByName(kind);
        }
        if (type == null) {
            throw noSchema(apiVersion, kind);
        }
        return type;
    }

    private static IllegalArgumentException noSchema(String apiVersion, String kind) {
        return new IllegalArgumentException(
                "no protobuf schema is known for apiVersion " + apiVersion + " kind " + kind
                        + "; send the object as application/json");
    }

    private static String capitalise(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
