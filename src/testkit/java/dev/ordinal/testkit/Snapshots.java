package dev.ordinal.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Named snapshots of the whole cluster ({@code /ordinal/v1/snapshots}), kept by the server: build
 * an expensive fixture once, take it, and restore it before each test. A restore ends every watch
 * with 410 Gone, so informers list again.
 */
public final class Snapshots {

    private final ApiConnection api;

    Snapshots(ApiConnection api) {
        this.api = api;
    }

    /** Keeps every object as it stands under {@code name} (a DNS subdomain), replacing one of that name. */
    public void take(String name) {
        api.post("/ordinal/v1/snapshots", "{\"name\":" + Json.quote(name) + "}");
    }

    /** Puts the cluster back in the state the snapshot holds; the snapshot is kept. */
    public void restore(String name) {
        api.post("/ordinal/v1/snapshots/" + encoded(name) + "/restore", "");
    }

    /** Forgets the snapshot; false when there was none of that name. */
    public boolean delete(String name) {
        return api.delete("/ordinal/v1/snapshots/" + encoded(name));
    }

    /** The names of the snapshots the server keeps. */
    public List<String> names() {
        List<Map<String, Object>> items = Json.member(Json.parse(api.get("/ordinal/v1/snapshots")), "items");
        return items.stream().map(item -> (String) item.get("name")).toList();
    }

    private static String encoded(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
