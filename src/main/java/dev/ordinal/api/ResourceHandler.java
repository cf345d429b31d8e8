package dev.ordinal.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.registry.openapi.KindSchemas;
import dev.ordinal.api.patch.OpenApiPatchSchema;
import dev.ordinal.api.patch.PatchSchema;
import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.Warnings;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ListOptions;
import dev.ordinal.registry.ListPage;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.WatchOptions;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.registry.fieldmanager.FieldManager;
import dev.ordinal.registry.fieldmanager.MergeTypes;
import dev.ordinal.registry.fieldmanager.TypeSchema;
import dev.ordinal.registry.rest.Connecter;
import dev.ordinal.registry.rest.Getter;
import dev.ordinal.registry.rest.LogStream;
import dev.ordinal.registry.rest.PodExecOptions;
import dev.ordinal.registry.rest.PodLogOptions;
import dev.ordinal.registry.rest.PortForward;
import dev.ordinal.registry.rest.PortForwarder;
import dev.ordinal.registry.rest.RemoteCommand;
import dev.ordinal.registry.rest.Streamer;
import dev.ordinal.registry.rest.NamedCreater;
import dev.ordinal.registry.rest.ObjectSubresource;
import dev.ordinal.registry.rest.SubresourceStorage;
import dev.ordinal.registry.rest.Updater;
import dev.ordinal.security.RequestUser;

/**
 * The REST surface of every served kind: one handler for all of them, as upstream installs one
 * generic handler chain per resource. It maps the HTTP verb and path onto the generic registry
 * and encodes what comes back as the client asked (JSON, YAML, Table).
 */
@RestController
class ResourceHandler {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final ResourceRegistry resources;
    private final GenericRegistry registry;
    private final ObjectCodec codec;
    private final Tables tables;
    private final WatchStreams watches;
    private final KindSchemas schemas;
    private final MergeTypes types;
    private final KindDecoding decoding;
    private final RemoteCommandStreams remoteCommands;
    private final PortForwardStreams portForwards;

    ResourceHandler(ResourceRegistry resources, GenericRegistry registry, ObjectCodec codec, Tables tables,
                    WatchStreams watches, KindSchemas schemas, MergeTypes types, KindDecoding decoding,
                    RemoteCommandStreams remoteCommands, PortForwardStreams portForwards) {
        this.decoding = decoding;
        this.remoteCommands = remoteCommands;
        this.portForwards = portForwards;
        this.schemas = schemas;
        this.types = types;
        this.resources = resources;
        this.registry = registry;
        this.codec = codec;
        this.tables = tables;
        this.watches = watches;
    }

    /**
     * A watch is a GET whose {@code watch} query boolean is true ({@link WatchRouting}):
     * {@code ?watch=1}, {@code ?watch=True} and a bare {@code ?watch} watch too.
     */
    @GetMapping(path = {"/api/v1/**", "/apis/{group}/{version}/**"})
    @WatchRouting.WatchRequests
    ResponseEntity<Void> watch(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Target target = target(request);
        if (!target.info.isCollection()) {
            throw StatusError.methodNotSupported(target.definition.groupResource(), "watch");
        }
        Representation representation = Representation.negotiate(request.getHeader(HttpHeaders.ACCEPT), true);
        if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            watches.openWebSocket(request, response, target.definition, target.namespace(), watchOptions(request),
                    representation, param(request, "includeObject"), timeoutSeconds(request));
            return null;
        }
        watches.openHttp(request, response, target.definition, target.namespace(), watchOptions(request),
                representation, param(request, "includeObject"), timeoutSeconds(request));
        return null;
    }

    @RequestMapping(path = {"/api/v1/**", "/apis/{group}/{version}/**"})
    ResponseEntity<byte[]> handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (Warnings.Scope warnings = Warnings.recordTo(new WarningHeaders(response))) {
            return serve(request, response);
        }
    }

    private ResponseEntity<byte[]> serve(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Target target = target(request);
        if (target.definition.creater() != null) {
            return createOnly(request, target);
        }
        RequestInfo info = target.info;
        ResourceDefinition definition = target.definition;
        SubresourceStorage storage = subresourceStorage(definition, info);
        String method = request.getMethod();
        // As upstream's handlers, the answer's form is settled before anything is done: a write
        // whose answer nobody can accept is not made.
        Representation.negotiate(request.getHeader(HttpHeaders.ACCEPT), true);
        if (info.isCollection()) {
            return switch (method) {
                case "GET" -> list(request, target);
                case "POST" -> {
                    FieldValidation validation = FieldValidation.of(request, "CreateOptions");
                    Unstructured created = registry.create(definition, target.namespace(),
                            new Unstructured(checkedBody(request, definition, validation)), writeOptions(request));
                    yield respond(request, definition, created, 201);
                }
                case "DELETE" -> {
                    List<Unstructured> deleted = registry.deleteCollection(definition, target.namespace(),
                            listOptions(request), deleteOptions(request, definition));
                    yield respond(request, definition, listOf(definition, deleted, registry.now()), 200);
                }
                default -> throw StatusError.methodNotSupported(definition.groupResource(), method);
            };
        }
        if (storage != null && !(storage instanceof ObjectSubresource)) {
            return subresource(request, response, target, storage);
        }
        Subresource subresource = storage == null ? null : ((ObjectSubresource) storage).subresource();
        return switch (method) {
            case "GET" -> get(request, target, info.name());
            case "PUT" -> {
                FieldValidation validation = FieldValidation.of(request, "UpdateOptions");
                yield respond(request, definition, registry.update(definition, target.namespace(), info.name(),
                        new Unstructured(checkedBody(request, definition, validation)), subresource,
                        writeOptions(request)), 200);
            }
            case "PATCH" -> {
                String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
                FieldValidation validation = FieldValidation.of(request, "PatchOptions");
                if (ObjectCodec.mediaType(contentType).equals(APPLY_PATCH)) {
                    yield apply(request, target, subresource, validation);
                }
                // Upstream's ValidatePatchOptions forbids any force (its *bool set), even false.
                if (QueryBoolean.of(request, "force") != null) {
                    throw StatusError.invalid("meta.k8s.io", "PatchOptions", "",
                            List.of(FieldError.forbidden("force", "may not be specified for non-apply patch")));
                }
                Patches patch = Patches.forContentType(contentType);
                if (!definition.patchTypes().contains(ObjectCodec.mediaType(contentType))) {
                    throw StatusError.unsupportedMediaType(contentType, definition.patchTypes());
                }
                byte[] patchBytes = readBody(request);
                JsonNode patchBody = codec.parse(patchBytes, false, definition.kind());
                validation.checkPatchBody(patchBytes, patch == Patches.JSON_PATCH);
                boolean strategic = ObjectCodec.mediaType(contentType).equals("application/strategic-merge-patch+json");
                TypeSchema type = type(definition);
                yield respond(request, definition, registry.patch(definition, target.namespace(), info.name(),
                        current -> {
                            Unstructured patched = patch.apply(patchBody, current, patchSchema(definition));
                            decoding.checkPatched(definition, KindDecoding.kindOf(definition), patched);
                            return validation.checkPatched(definition, patched, type, patchBody, strategic);
                        }, subresource, writeOptions(request)), 200);
            }
            case "DELETE" -> {
                if (subresource != null) {
                    throw StatusError.methodNotSupported(definition.groupResource(), "delete");
                }
                Unstructured deleted = registry.delete(definition, target.namespace(), info.name(),
                        deleteOptions(request, definition));
                boolean gone = !deleted.isBeingDeleted()
                        || registry.find(definition, target.namespace(), info.name()).isEmpty();
                // 200 whether the object went at once or waits for finalizers or a grace period,
                // as upstream answers unless the long-deprecated orphanDependents=false is sent;
                // an object still waiting is answered as it now is, whatever the resource.
                yield gone && !definition.returnDeletedObject()
                        ? respond(request, null, deletedStatus(definition, deleted), 200)
                        : respond(request, definition, deleted, 200);
            }
            default -> throw StatusError.methodNotSupported(definition.groupResource(), method);
        };
    }

    private static final String APPLY_PATCH = "application/apply-patch+yaml";

    /**
     * A kind that is never stored (the access reviews): a POST to its collection is answered by
     * its {@link dev.ordinal.registry.rest.Creater} for the request's user, 201 as upstream's
     * create handler answers; nothing else is served.
     */
    private ResponseEntity<byte[]> createOnly(HttpServletRequest request, Target target) throws IOException {
        ResourceDefinition definition = target.definition;
        if (!target.info.isCollection() || !request.getMethod().equals("POST")) {
            throw StatusError.methodNotSupported(definition.groupResource(), request.getMethod());
        }
        Representation.negotiate(request.getHeader(HttpHeaders.ACCEPT), true);
        Unstructured body = new Unstructured(checkedBody(request, definition, FieldValidation.of(request,
                "CreateOptions")));
        return respond(request, definition, definition.creater().create(target.namespace(), body,
                RequestUser.of(request)), 201);
    }

    /**
     * A subresource with a kind of its own (scale, binding): each verb goes to the storage that
     * implements it, as upstream's installer maps GET to a Getter, PUT to an Updater, PATCH to
     * both and POST to a NamedCreater; anything else is not allowed. Bodies are decoded as the
     * subresource's kind; a patch is applied to its current object, inside the write.
     */
    private ResponseEntity<byte[]> subresource(HttpServletRequest request, HttpServletResponse response, Target target,
                                               SubresourceStorage storage) throws IOException {
        ResourceDefinition parent = target.definition;
        String namespace = target.namespace();
        String name = target.info.name();
        String method = request.getMethod();
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        GroupVersionKind gvk = storage.kind(parent);
        String kind = gvk.kind();
        if (method.equals("GET") && storage instanceof Getter getter) {
            return respond(request, null, getter.get(parent, namespace, name), 200);
        }
        if (method.equals("PUT") && storage instanceof Updater updater) {
            Unstructured body = decodedBody(parent, gvk, contentType == null ? "application/json" : contentType,
                    readBody(request));
            return respond(request, null, updater.update(parent, namespace, name, current -> body,
                    writeOptions(request)), 200);
        }
        if (method.equals("PATCH") && storage instanceof Getter && storage instanceof Updater updater) {
            Patches patch = Patches.forContentType(contentType);
            JsonNode patchBody = codec.parse(readBody(request), false, kind);
            return respond(request, null, updater.update(parent, namespace, name, current -> {
                Unstructured patched = patch.apply(patchBody, current, PatchSchema.NONE);
                decoding.checkPatched(parent, gvk, patched);
                return patched;
            }, writeOptions(request)), 200);
        }
        if ((method.equals("GET") || method.equals("POST")) && storage instanceof Connecter connecter) {
            connect(request, response, target, connecter);
            return null;
        }
        if ((method.equals("GET") || method.equals("POST")) && storage instanceof PortForwarder forwarder) {
            portForward(request, response, target, forwarder);
            return null;
        }
        if (method.equals("GET") && storage instanceof Streamer streamer) {
            return stream(request, response, target, streamer);
        }
        if (method.equals("POST") && storage instanceof NamedCreater creater) {
            Unstructured body = decodedBody(parent, gvk, contentType, readBody(request));
            return respond(request, null, creater.create(parent, namespace, name, body, writeOptions(request)), 201);
        }
        throw StatusError.methodNotSupported(parent.groupResource(), method);
    }

    /**
     * exec and attach: every check of the request is made before the connection is upgraded, so
     * its failures are ordinary HTTP answers with a Status (upstream's order: the pod, the
     * container, the node), which kubectl shows after trying SPDY too. The connection is upgraded
     * to a WebSocket, or to SPDY/3.1 (kubectl before 1.30, and its fallback).
     */
    private void connect(HttpServletRequest request, HttpServletResponse response, Target target,
                         Connecter connecter) throws IOException {
        String[] command = request.getParameterValues("command");
        PodExecOptions options = new PodExecOptions(param(request, "container"),
                command == null ? List.of() : List.of(command), QueryBoolean.isSet(request, "stdin"),
                QueryBoolean.isSet(request, "stdout"), QueryBoolean.isSet(request, "stderr"),
                QueryBoolean.isSet(request, "tty"));
        String upgrade = upgrade(request);
        RemoteCommand process = connecter.connect(target.definition, target.namespace(), target.info.name(), options,
                RequestUser.of(request));
        if (upgrade.equalsIgnoreCase("SPDY/3.1")) {
            remoteCommands.serveSpdy(request, response, process, options);
        } else {
            remoteCommands.serve(request, response, process, options);
        }
    }

    /** pods/portforward: the pod is checked before the upgrade, each forwarded port when connected. */
    private void portForward(HttpServletRequest request, HttpServletResponse response, Target target,
                             PortForwarder forwarder) throws IOException {
        String upgrade = upgrade(request);
        PortForward pod = forwarder.connect(target.definition, target.namespace(), target.info.name(),
                PortForwardStreams.requestedPorts(request), RequestUser.of(request));
        portForwards.serve(request, response, pod, upgrade);
    }

    /**
     * The protocol a streaming request upgrades to, WebSocket or SPDY/3.1; anything else is
     * refused as upstream's upgrade-aware proxy and SPDY upgrader refuse it.
     */
    private static String upgrade(HttpServletRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        // h2c is the HTTP/2 upgrade some HTTP/1.1 clients offer on every request (the JDK's does).
        if (upgrade == null || upgrade.isBlank() || upgrade.equalsIgnoreCase("h2c")) {
            throw StatusError.badRequest("Upgrade request required");
        }
        if (!upgrade.equalsIgnoreCase("websocket") && !upgrade.equalsIgnoreCase("SPDY/3.1")) {
            throw StatusError.badRequest("unable to upgrade connection: unsupported protocol " + upgrade);
        }
        return upgrade;
    }

    /**
     * pods/log: {@code text/plain}, the status and headers sent before the first line; a followed
     * log is flushed after every write and ends when the container stops or the client leaves.
     */
    private ResponseEntity<byte[]> stream(HttpServletRequest request, HttpServletResponse response, Target target,
                                          Streamer streamer) throws IOException {
        String sinceTime = param(request, "sinceTime");
        java.time.Instant since;
        try {
            since = sinceTime.isEmpty() ? null : java.time.OffsetDateTime.parse(sinceTime).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw StatusError.badRequest("invalid sinceTime: " + sinceTime);
        }
        PodLogOptions options = new PodLogOptions(param(request, "container"), QueryBoolean.isSet(request, "follow"),
                QueryBoolean.isSet(request, "previous"), QueryBoolean.isSet(request, "timestamps"),
                int64(request, "sinceSeconds"), since, int64(request, "tailLines"), int64(request, "limitBytes"));
        Optional<LogStream> log = streamer.stream(target.definition, target.namespace(), target.info.name(), options);
        if (log.isEmpty()) {
            return ResponseEntity.noContent().build();
        }
        response.setStatus(200);
        response.setContentType("text/plain");
        response.flushBuffer();
        try {
            log.get().writeTo(response.getOutputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client stopped reading
        }
        return null;
    }

    /** An int64 query option, null when absent. */
    private static Long int64(HttpServletRequest request, String name) {
        String value = param(request, name);
        try {
            return value.isEmpty() ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw StatusError.badRequest("invalid " + name + ": " + value);
        }
    }

    /**
     * Server-side apply: the body (YAML, or JSON, which is YAML too) is merged by the field
     * manager, which the request must name; the object is created when missing (201).
     */
    private ResponseEntity<byte[]> apply(HttpServletRequest request, Target target, Subresource subresource,
                                         FieldValidation validation) throws IOException {
        ResourceDefinition definition = target.definition;
        String manager = param(request, "fieldManager");
        List<FieldError> errors = new java.util.ArrayList<>();
        if (manager.isEmpty()) {
            errors.add(FieldError.required("fieldManager", "is required for apply patch"));
        } else if (manager.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > FieldManager.MAX_MANAGER_LENGTH) {
            errors.add(FieldError.tooLong("fieldManager", FieldManager.MAX_MANAGER_LENGTH));
        }
        if (!errors.isEmpty()) {
            throw StatusError.invalid("meta.k8s.io", "PatchOptions", "", errors);
        }
        byte[] body = readBody(request);
        boolean json = new String(body, java.nio.charset.StandardCharsets.UTF_8).stripLeading().startsWith("{");
        JsonNode config = codec.parse(body, !json, definition.kind());
        validation.checkApplyBody(body, json);
        if (!(config instanceof ObjectNode object)) {
            throw StatusError.badRequest("error decoding YAML: the applied configuration is not an object");
        }
        decoding.checkApplied(definition, object, body);
        GenericRegistry.Applied applied = registry.apply(definition, target.namespace(), target.info.name(),
                new Unstructured(object), subresource, QueryBoolean.isSet(request, "force"),
                new WriteOptions(dryRun(request), manager, param(request, "fieldValidation"),
                        RequestUser.of(request)));
        return respond(request, definition, applied.object(), applied.created() ? 201 : 200);
    }

    /** A create or update body, with the request's fieldValidation applied to it. */
    private ObjectNode checkedBody(HttpServletRequest request, ResourceDefinition definition,
                                   FieldValidation validation) throws IOException {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        byte[] bytes = readBody(request);
        ObjectNode object = decodedBody(definition, KindDecoding.kindOf(definition), contentType, bytes).json();
        boolean json = List.of("", "application/json").contains(ObjectCodec.mediaType(contentType));
        validation.checkObject(definition, json, bytes, object, type(definition));
        return object;
    }

    /** A body of {@code kind}, decoded by its Content-Type and then into the kind's type. */
    private Unstructured decodedBody(ResourceDefinition definition, GroupVersionKind kind, String contentType,
                                     byte[] body) {
        ObjectNode object = codec.decode(contentType, body, kind.kind());
        decoding.checkBody(definition, kind, contentType, body, object);
        return new Unstructured(object);
    }

    private TypeSchema type(ResourceDefinition definition) {
        return types.forKind(definition.group(), definition.version(), definition.kind())
                .orElse(TypeSchema.DEDUCED);
    }

    private PatchSchema patchSchema(ResourceDefinition definition) {
        return OpenApiPatchSchema.of(schemas.components(definition), schemas.schemaName(definition));
    }

    private ResponseEntity<byte[]> get(HttpServletRequest request, Target target, String name) {
        ResourceDefinition definition = target.definition;
        if (Representation.negotiate(request.getHeader(HttpHeaders.ACCEPT), true) == Representation.JSON) {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, Representation.JSON.contentType())
                    .body(registry.committedJson(definition, target.namespace(), name));
        }
        return respond(request, definition, registry.get(definition, target.namespace(), name), 200);
    }

    private ResponseEntity<byte[]> list(HttpServletRequest request, Target target) {
        ResourceDefinition definition = target.definition;
        ListOptions options = listOptions(request);
        ListPage page = registry.list(definition, target.namespace(), options);
        Representation representation = Representation.negotiate(request.getHeader(HttpHeaders.ACCEPT), true);
        if (representation == Representation.JSON) {
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, Representation.JSON.contentType())
                    .body(codec.encodeList(listEnvelope(definition.listKind(), definition.apiVersion(), page),
                            page.committedJson()));
        }
        String resourceVersion = Long.toString(page.resourceVersion());
        JsonNode body = switch (representation) {
            case TABLE -> tables.table(definition, page.items(), resourceVersion, page.continueToken(),
                    param(request, "includeObject"), true);
            case PARTIAL_METADATA -> {
                ObjectNode list = listEnvelope("PartialObjectMetadataList", "meta.k8s.io/v1", page);
                ArrayNode items = list.putArray("items");
                page.items().forEach(item -> items.add(Tables.partialMetadata(item)));
                yield list;
            }
            default -> {
                ObjectNode list = listEnvelope(definition.listKind(), definition.apiVersion(), page);
                ArrayNode items = list.putArray("items");
                page.items().forEach(item -> items.add(item.json()));
                yield list;
            }
        };
        return encoded(body, representation, 200);
    }

    private static ObjectNode listEnvelope(String kind, String apiVersion, ListPage page) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("kind", kind);
        list.put("apiVersion", apiVersion);
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", Long.toString(page.resourceVersion()));
        if (!page.continueToken().isEmpty()) {
            meta.put("continue", page.continueToken());
            meta.put("remainingItemCount", page.remaining());
        }
        return list;
    }

    private static Unstructured listOf(ResourceDefinition definition, List<Unstructured> items, String unused) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("kind", definition.listKind());
        list.put("apiVersion", definition.apiVersion());
        list.putObject("metadata");
        ArrayNode array = list.putArray("items");
        items.forEach(item -> array.add(item.json()));
        return new Unstructured(list);
    }

    /**
     * What upstream's store answers for an object deleted at once, unless it returns the object:
     * a Success Status naming it, whose details carry the resource (not the kind) as kind.
     */
    private static Unstructured deletedStatus(ResourceDefinition definition, Unstructured deleted) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", deleted.name());
        if (!definition.group().isEmpty()) {
            details.put("group", definition.group());
        }
        details.put("kind", definition.plural());
        details.put("uid", deleted.uid());
        return new Unstructured(status);
    }

    /** Answers one object, or a list built by {@link #listOf}, in the negotiated form. */
    private ResponseEntity<byte[]> respond(HttpServletRequest request, ResourceDefinition definition,
                                           Unstructured object, int status) {
        boolean isObject = definition != null && object.kind().equals(definition.kind());
        Representation representation = Representation.negotiate(request.getHeader(HttpHeaders.ACCEPT), isObject);
        JsonNode body = switch (representation) {
            case TABLE -> tables.table(definition, List.of(object), object.resourceVersion(), "",
                    param(request, "includeObject"), true);
            case PARTIAL_METADATA -> Tables.partialMetadata(object);
            default -> object.json();
        };
        return encoded(body, representation, status);
    }

    private ResponseEntity<byte[]> encoded(JsonNode body, Representation representation, int status) {
        String contentType = representation == Representation.YAML ? "application/yaml" : "application/json";
        return ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, contentType)
                .body(codec.encode(body, representation));
    }

    private Target target(HttpServletRequest request) {
        RequestInfo info = RequestInfo.parse(PATHS.getPathWithinApplication(request));
        if (info == null) {
            throw StatusError.resourceNotFound();
        }
        ResourceDefinition definition = resources.byResource(info.group(), info.version(), info.resource())
                .orElseThrow(StatusError::resourceNotFound);
        if (definition.namespaced() && info.namespace().isEmpty() && !info.isCollection()) {
            throw StatusError.resourceNotFound();
        }
        if (!definition.namespaced() && !info.namespace().isEmpty() && !info.resource().equals("namespaces")) {
            throw StatusError.resourceNotFound();
        }
        subresourceStorage(definition, info);
        return new Target(info, definition);
    }

    /** The storage of the request's subresource, null for none; one the kind does not serve is a 404. */
    private static SubresourceStorage subresourceStorage(ResourceDefinition definition, RequestInfo info) {
        if (info.subresource().isEmpty()) {
            return null;
        }
        return definition.subresource(info.subresource()).orElseThrow(StatusError::resourceNotFound);
    }

    private static byte[] readBody(HttpServletRequest request) throws IOException {
        return RequestBodies.read(request);
    }

    static ListOptions listOptions(HttpServletRequest request) {
        long limit = 0;
        String limitParam = param(request, "limit");
        if (!limitParam.isEmpty()) {
            try {
                limit = Long.parseLong(limitParam);
            } catch (NumberFormatException e) {
                throw StatusError.badRequest("invalid limit: " + limitParam);
            }
        }
        return new ListOptions(param(request, "labelSelector"), param(request, "fieldSelector"), limit,
                param(request, "continue"), param(request, "resourceVersion"), param(request, "resourceVersionMatch"));
    }

    private static WatchOptions watchOptions(HttpServletRequest request) {
        return new WatchOptions(param(request, "labelSelector"), param(request, "fieldSelector"),
                param(request, "resourceVersion"), QueryBoolean.isSet(request, "allowWatchBookmarks"),
                param(request, "resourceVersionMatch"), QueryBoolean.of(request, "sendInitialEvents"));
    }

    private static WriteOptions writeOptions(HttpServletRequest request) {
        String manager = FieldManager.managerOrUserAgent(param(request, "fieldManager"),
                request.getHeader(HttpHeaders.USER_AGENT));
        return new WriteOptions(dryRun(request), manager, param(request, "fieldValidation"), RequestUser.of(request));
    }

    private DeleteOptions deleteOptions(HttpServletRequest request, ResourceDefinition definition)
            throws IOException {
        byte[] body = readBody(request);
        Long grace = null;
        String propagation = param(request, "propagationPolicy");
        Boolean orphanDependents = QueryBoolean.of(request, "orphanDependents");
        String uid = "";
        String resourceVersion = "";
        boolean dryRun = dryRun(request);
        if (body.length > 0) {
            // Typed clients (kubectl drain's deletes) send it as protobuf.
            JsonNode options = codec.decode(request.getHeader(HttpHeaders.CONTENT_TYPE), body, "DeleteOptions");
            decoding.checkDeleteOptions(definition, options);
            if (options.has("gracePeriodSeconds") && !options.get("gracePeriodSeconds").isNull()) {
                grace = options.get("gracePeriodSeconds").asLong();
            }
            propagation = options.path("propagationPolicy").asString(propagation);
            orphanDependents = bodyBoolean(options, "orphanDependents", orphanDependents);
            uid = options.path("preconditions").path("uid").asString("");
            resourceVersion = options.path("preconditions").path("resourceVersion").asString("");
            for (JsonNode value : options.path("dryRun")) {
                dryRun |= "All".equals(value.asString(""));
            }
        }
        String graceParam = param(request, "gracePeriodSeconds");
        if (grace == null && !graceParam.isEmpty()) {
            try {
                grace = Long.parseLong(graceParam);
            } catch (NumberFormatException e) {
                throw StatusError.badRequest("invalid gracePeriodSeconds: " + graceParam);
            }
        }
        return new DeleteOptions(grace, propagationPolicy(propagation, orphanDependents), uid, resourceVersion,
                dryRun, RequestUser.of(request));
    }

    /**
     * The propagation policy a delete asks for, checked as upstream's ValidateDeleteOptions. The
     * deprecated orphanDependents means what Orphan (true) or Background (false) means: upstream's
     * deletion finalizers treat them alike.
     */
    private static String propagationPolicy(String propagation, Boolean orphanDependents) {
        List<FieldError> errors = new ArrayList<>();
        if (orphanDependents != null && !propagation.isEmpty()) {
            errors.add(FieldError.invalid("propagationPolicy", propagation,
                    "orphanDependents and deletionPropagation cannot be both set"));
        }
        if (!propagation.isEmpty() && !List.of(DeleteOptions.FOREGROUND, DeleteOptions.BACKGROUND,
                DeleteOptions.ORPHAN).contains(propagation)) {
            errors.add(FieldError.notSupported("propagationPolicy", propagation, List.of(DeleteOptions.FOREGROUND,
                    DeleteOptions.BACKGROUND, DeleteOptions.ORPHAN, "nil")));
        }
        if (!errors.isEmpty()) {
            throw StatusError.invalid("meta.k8s.io", "DeleteOptions", "", errors);
        }
        if (orphanDependents == null) {
            return propagation;
        }
        return orphanDependents ? DeleteOptions.ORPHAN : DeleteOptions.BACKGROUND;
    }

    /**
     * A {@code *bool} field of an options body: a JSON boolean (protobuf bodies decode to one too),
     * {@code fallback} when missing or null; anything else is refused as Go's encoding/json refuses
     * to unmarshal it into a bool.
     */
    private static Boolean bodyBoolean(JsonNode options, String field, Boolean fallback) {
        JsonNode value = options.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw StatusError.badRequest("json: cannot unmarshal " + value.getNodeType().name().toLowerCase(
                    java.util.Locale.ROOT) + " into Go struct field DeleteOptions." + field + " of type bool");
        }
        return value.booleanValue();
    }

    private static boolean dryRun(HttpServletRequest request) {
        String[] values = request.getParameterValues("dryRun");
        if (values == null) {
            return false;
        }
        for (String value : values) {
            if (!value.equals("All")) {
                throw StatusError.badRequest("Invalid dryRun value: " + value + ". Supported values: All");
            }
        }
        return true;
    }

    private static long timeoutSeconds(HttpServletRequest request) {
        String value = param(request, "timeoutSeconds");
        try {
            return value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw StatusError.badRequest("invalid timeoutSeconds: " + value);
        }
    }

    static String param(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        return value == null ? "" : value;
    }

    private record Target(RequestInfo info, ResourceDefinition definition) {
        String namespace() {
            return info.namespace();
        }
    }
}
