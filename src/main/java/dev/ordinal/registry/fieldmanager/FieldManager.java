package dev.ordinal.registry.fieldmanager;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;

/**
 * Keeps {@code metadata.managedFields} on every write and performs server-side apply, as
 * upstream's default field manager chain ({@code internal.NewDefaultFieldManager}) does:
 * managers are identified by name, operation, version and subresource; an update records the
 * fields it changed under its manager with the time of the change; an apply merges by the
 * schema and owns exactly what it applied; the object's own metadata (name, uid,
 * resourceVersion...) is owned by no one; at most ten update managers are kept, older ones merged
 * into {@code ancient-changes}; kubectl's applies migrate objects from client-side apply.
 */
public final class FieldManager {

    /**
     * The manager of writes from Ordinal's own controllers, which call the registry with no field
     * manager: upstream records the user agent of kube-controller-manager, whose controllers
     * these are.
     */
    public static final String IN_PROCESS_MANAGER = "kube-controller-manager";

    /** The longest field manager name upstream accepts, in bytes. */
    public static final int MAX_MANAGER_LENGTH = 128;

    private static final int MAX_UPDATE_MANAGERS = 10;
    private static final String ANCIENT_CHANGES = "ancient-changes";
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** The workflow name upstream's managedFieldsUpdater computes an update under. */
    private static final Manager CURRENT_OPERATION = Manager.update("current-operation", "", "");

    /** Fields of the object itself that no manager owns (upstream's stripMetaManager). */
    private static final FieldSet STRIPPED = FieldSet.of(
            FieldPath.fields("apiVersion"), FieldPath.fields("kind"), FieldPath.fields("metadata"),
            FieldPath.fields("metadata", "name"), FieldPath.fields("metadata", "namespace"),
            FieldPath.fields("metadata", "creationTimestamp"), FieldPath.fields("metadata", "selfLink"),
            FieldPath.fields("metadata", "uid"), FieldPath.fields("metadata", "clusterName"),
            FieldPath.fields("metadata", "generation"), FieldPath.fields("metadata", "managedFields"),
            FieldPath.fields("metadata", "resourceVersion"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MergeTypes schemas;
    private final Clock clock;

    public FieldManager(MergeTypes schemas, Clock clock) {
        this.schemas = schemas;
        this.clock = clock;
    }

    /**
     * The manager of an API request (upstream's {@code managerOrUserAgent}): its fieldManager
     * parameter, else its User-Agent up to the first {@code /} ({@code kubectl},
     * {@code Go-http-client}) in printable characters and at most 128 bytes, else {@code unknown}.
     */
    public static String managerOrUserAgent(String manager, String userAgent) {
        if (manager != null && !manager.isEmpty()) {
            return manager;
        }
        String prefix = userAgent == null ? "" : userAgent.split("/", -1)[0];
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int cp : prefix.codePoints().toArray()) {
            if (!isPrintable(cp)) {
                continue;
            }
            int length = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + length > MAX_MANAGER_LENGTH) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += length;
        }
        return out.isEmpty() ? "unknown" : out.toString();
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    public static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * Records a create ({@code live} null), update or non-apply patch by {@code manager} in
     * {@code updated}'s managedFields. Managed fields sent with the request replace the live ones
     * (an empty list resets them), except through a subresource.
     */
    public void update(ResourceDefinition definition, Unstructured live, Unstructured updated,
                       Subresource subresource, String manager) {
        ManagedFields managed = managedOf(live, updated, subresource != null);
        updated.metadata().remove("managedFields");
        FieldOwnership ownership = ownership(definition, subresource);
        String name = manager.isEmpty() ? IN_PROCESS_MANAGER : manager;
        Manager identity = Manager.update(name, definition.apiVersion(), path(subresource));
        Map<Manager, VersionedSet> owners = ownership.update(comparable(live), updated.json(),
                managed.fields(), CURRENT_OPERATION);
        Map<Manager, String> times = new HashMap<>(managed.times());
        VersionedSet changed = owners.remove(CURRENT_OPERATION);
        if (changed != null) {
            FieldSet set = changed.set().difference(STRIPPED);
            VersionedSet previous = owners.get(identity);
            if (previous != null) {
                set = set.union(previous.set());
            }
            if (!set.isEmpty()) {
                owners.put(identity, new VersionedSet(set, definition.apiVersion(), false));
                times.put(identity, Timestamps.format(clock.instant()));
            }
        }
        capUpdateManagers(owners, times);
        write(updated, new ManagedFields(owners, times));
        if (live != null) {
            keepTimestampsOfNoOp(live, updated);
        }
    }

    /**
     * Server-side apply of {@code config} by {@code manager} onto {@code live} (null: the object is
     * created by this apply). Returns the object to store, its managedFields set.
     */
    public Unstructured apply(ResourceDefinition definition, Unstructured live, Unstructured config,
                              Subresource subresource, String manager, boolean force) {
        checkKind(definition, config);
        if (config.json().path("metadata").has("managedFields")) {
            throw StatusError.badRequest("metadata.managedFields must be nil");
        }
        TypeSchema type = type(definition);
        List<String> errors = ApplyValidation.errors(config.json(), type);
        if (!errors.isEmpty()) {
            throw typedPatchError(definition, config, errors);
        }
        ManagedFields managed;
        try {
            managed = ManagedFields.decode(live == null ? null : live.metadata().get("managedFields"));
        } catch (IllegalArgumentException e) {
            throw StatusError.internal("failed to decode managed fields: " + e.getMessage());
        }
        FieldOwnership ownership = ownership(definition, subresource);
        Manager identity = Manager.apply(manager, path(subresource));
        JsonNode liveJson = comparable(live);
        FieldOwnership.Applied applied;
        try {
            applied = ownership.apply(liveJson, config.json(), managed.fields(), identity, force);
        } catch (ApplyConflicts conflicts) {
            applied = applyMigratingClientSideApply(ownership, live, liveJson, config, managed, identity, conflicts);
        }
        Map<Manager, VersionedSet> owners = new LinkedHashMap<>(applied.managers());
        Map<Manager, String> times = new HashMap<>(managed.times());
        Unstructured result;
        if (applied.object() != null) {
            times.put(identity, Timestamps.format(clock.instant()));
            result = new Unstructured((ObjectNode) applied.object());
        } else {
            result = new Unstructured((ObjectNode) liveJson.deepCopy());
        }
        VersionedSet own = owners.get(identity);
        if (own != null) {
            FieldSet set = own.set().difference(STRIPPED);
            if (set.isEmpty()) {
                owners.remove(identity);
            } else {
                owners.put(identity, new VersionedSet(set, own.apiVersion(), true));
            }
        }
        if (manager.equals("kubectl") && !result.annotations().getOrDefault(LAST_APPLIED, "").isEmpty()) {
            result.metadata().withObject("annotations").put(LAST_APPLIED, lastApplied(config));
        }
        write(result, new ManagedFields(owners, times));
        return result;
    }

    /**
     * kubectl's server-side apply may take over fields that its client-side apply set: conflicts
     * on fields the last-applied annotation holds with the live values are forgiven (upstream's
     * lastAppliedManager); any other conflict stands.
     */
    private FieldOwnership.Applied applyMigratingClientSideApply(FieldOwnership ownership, Unstructured live,
                                                                 JsonNode liveJson, Unstructured config,
                                                                 ManagedFields managed, Manager identity,
                                                                 ApplyConflicts conflicts) {
        if (!identity.name().equals("kubectl") || live == null) {
            throw conflicts.toStatusError();
        }
        FieldSet allowed = allowedByLastApplied(ownership, live, liveJson);
        if (allowed == null) {
            throw conflicts.toStatusError();
        }
        List<ApplyConflicts.Conflict> remaining = conflicts.conflicts().stream()
                .filter(c -> !allowed.has(c.path())).toList();
        if (!remaining.isEmpty()) {
            throw new ApplyConflicts(remaining).toStatusError();
        }
        return ownership.apply(liveJson, config.json(), managed.fields(), identity, true);
    }

    /** The fields of the last-applied annotation that still hold their live values; null without one. */
    private static FieldSet allowedByLastApplied(FieldOwnership ownership, Unstructured live, JsonNode liveJson) {
        String annotation = live.annotations().getOrDefault(LAST_APPLIED, "");
        if (annotation.isEmpty()) {
            return null;
        }
        JsonNode lastApplied;
        try {
            lastApplied = JSON.readTree(annotation);
        } catch (JacksonException e) {
            return null;
        }
        if (!lastApplied.isObject() || !lastApplied.path("apiVersion").asString("").equals(
                live.apiVersion())) {
            return null;
        }
        TypeSchema type = ownership.type();
        if (!ApplyValidation.errors(lastApplied, type).isEmpty()) {
            return null;
        }
        Comparison comparison = Comparison.of(ZeroValues.filled(lastApplied, type),
                ZeroValues.filled(liveJson, type), type);
        return FieldSets.of(lastApplied, type).difference(comparison.modified()).difference(comparison.added())
                .difference(comparison.removed());
    }

    /** The configuration without its last-applied annotation, as kubectl's annotation holds it. */
    private static String lastApplied(Unstructured config) {
        ObjectNode copy = config.json().deepCopy();
        JsonNode annotations = copy.path("metadata").get("annotations");
        if (annotations instanceof ObjectNode map) {
            map.remove(LAST_APPLIED);
        }
        return JsonValues.goJson(copy) + "\n";
    }

    private static void checkKind(ResourceDefinition definition, Unstructured config) {
        if (!config.apiVersion().equals(definition.apiVersion()) || !config.kind().equals(definition.kind())) {
            throw StatusError.badRequest("invalid object type: " + gvk(config.apiVersion(), config.kind()));
        }
    }

    /** As upstream prints a GroupVersionKind: {@code apps/v1, Kind=StatefulSet}, {@code /v1, Kind=Pod}. */
    private static String gvk(String apiVersion, String kind) {
        String groupVersion = apiVersion.contains("/") || apiVersion.isEmpty() ? apiVersion : "/" + apiVersion;
        return (groupVersion.isEmpty() ? "/" : groupVersion) + ", Kind=" + kind;
    }

    /**
     * A configuration its schema cannot hold. Upstream answers it with a 500 without a reason;
     * it is the client's input that is wrong, so it is a 400 BadRequest here, with upstream's
     * wording, as every other rejected input.
     */
    private static StatusError typedPatchError(ResourceDefinition definition, Unstructured config,
                                               List<String> errors) {
        String where = (config.namespace().isEmpty() ? "" : config.namespace()) + "/" + config.name() + "; "
                + gvk(config.apiVersion(), config.kind());
        String message = errors.size() == 1 ? errors.get(0) : "errors:\n  " + String.join("\n  ", errors);
        return StatusError.badRequest("failed to create typed patch object (" + where + "): " + message);
    }

    private TypeSchema type(ResourceDefinition definition) {
        return schemas.forKind(definition.group(), definition.version(), definition.kind())
                .orElse(TypeSchema.DEDUCED);
    }

    private FieldOwnership ownership(ResourceDefinition definition, Subresource subresource) {
        FieldSet ignored = new FieldSet();
        if (subresource == Subresource.STATUS) {
            ignored.insert(FieldPath.fields("spec"));
        } else if (subresource == null && definition.has(Subresource.STATUS)) {
            ignored.insert(FieldPath.fields("status"));
        }
        return new FieldOwnership(type(definition), definition.apiVersion(), ignored);
    }

    /**
     * The live object as ownership sees it: without managedFields, and for a create an empty
     * object (which ownership compares in its typed form, see {@link ZeroValues}).
     */
    private static JsonNode comparable(Unstructured live) {
        if (live == null) {
            return JSON.createObjectNode();
        }
        ObjectNode copy = live.json().deepCopy();
        if (copy.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return copy;
    }

    /** The managers to start from: the request's when it sends valid ones, else the live object's. */
    private static ManagedFields managedOf(Unstructured live, Unstructured updated, boolean subresource) {
        JsonNode liveEntries = live == null ? null : live.metadata().get("managedFields");
        if (!subresource) {
            JsonNode requested = updated.metadata().get("managedFields");
            if (requested != null && requested.isArray() && isReset(requested)) {
                return ManagedFields.empty();
            }
            if (requested != null && !requested.isNull()) {
                try {
                    ManagedFields decoded = ManagedFields.decode(requested);
                    if (!decoded.fields().isEmpty()) {
                        return decoded;
                    }
                } catch (IllegalArgumentException e) {
                    // Fall back to the live object's, so that clients unaware of managedFields cannot lose them.
                }
            }
        }
        try {
            return ManagedFields.decode(liveEntries);
        } catch (IllegalArgumentException e) {
            return ManagedFields.empty();
        }
    }

    /** An empty list, or a list of one empty entry, asks to reset managedFields. */
    private static boolean isReset(JsonNode requested) {
        return requested.isEmpty() || requested.size() == 1 && requested.get(0).isEmpty();
    }

    /** Merges the oldest update managers into ancient-changes buckets until at most ten remain. */
    private static void capUpdateManagers(Map<Manager, VersionedSet> owners, Map<Manager, String> times) {
        List<Manager> updaters = new ArrayList<>(owners.keySet().stream().filter(m -> !owners.get(m).applied())
                .toList());
        if (updaters.size() <= MAX_UPDATE_MANAGERS) {
            return;
        }
        updaters.sort(Comparator.<Manager, String>comparing(m -> times.getOrDefault(m, ""))
                .thenComparing(Manager::identifier));
        Map<String, Manager> firstOfVersion = new HashMap<>();
        int length = updaters.size();
        for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
            Manager manager = updaters.get(i);
            VersionedSet set = owners.get(manager);
            String version = set.apiVersion();
            Manager bucket = Manager.update(ANCIENT_CHANGES, version, "");
            Manager first = firstOfVersion.get(version);
            if (first == null) {
                firstOfVersion.put(version, manager);
                continue;
            }
            if (!owners.containsKey(bucket)) {
                owners.put(bucket, owners.remove(first));
            }
            owners.put(bucket, new VersionedSet(set.set().union(owners.get(bucket).set()), version, false));
            owners.remove(manager);
            times.put(bucket, times.get(manager));
            length--;
        }
    }

    private static void write(Unstructured object, ManagedFields managed) {
        if (managed.fields().isEmpty()) {
            object.metadata().remove("managedFields");
        } else {
            object.metadata().set("managedFields", managed.encode());
        }
    }

    /**
     * A write that changes nothing keeps the old timestamps, so that it stores nothing new
     * (upstream's IgnoreManagedFieldsTimestampsTransformer).
     */
    private static void keepTimestampsOfNoOp(Unstructured live, Unstructured updated) {
        JsonNode before = live.metadata().get("managedFields");
        JsonNode after = updated.metadata().get("managedFields");
        if (before == null || after == null || before.size() != after.size()) {
            return;
        }
        ObjectNode liveWithoutTimes = withoutTimes(live.json());
        if (!liveWithoutTimes.equals(withoutTimes(updated.json()))) {
            return;
        }
        for (int i = 0; i < after.size(); i++) {
            ObjectNode entry = (ObjectNode) after.get(i);
            JsonNode time = before.get(i).get("time");
            if (time == null) {
                entry.remove("time");
            } else {
                entry.set("time", time);
            }
        }
    }

    private static ObjectNode withoutTimes(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode meta) {
            meta.remove("resourceVersion");
            if (meta.get("managedFields") != null) {
                meta.get("managedFields").forEach(entry -> ((ObjectNode) entry).remove("time"));
            }
        }
        return copy;
    }

    private static String path(Subresource subresource) {
        return subresource == null ? "" : subresource.path();
    }
}
