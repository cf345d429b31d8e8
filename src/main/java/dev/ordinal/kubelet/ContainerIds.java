package dev.ordinal.kubelet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names a container runtime (containerd) reports for images and containers: the image as
 * its fully qualified reference ({@code nginx} is {@code docker.io/library/nginx:latest}), the
 * image ID as a digest reference, and the container ID as {@code containerd://<64 hex>}. The IDs
 * are derived from what they identify, so writing the same status twice gives the same IDs.
 */
final class ContainerIds {

    private static final String DEFAULT_DOMAIN = "docker.io";

    private ContainerIds() {
    }

    /** The fully qualified reference of an image, as docker's reference normalisation gives it. */
    static String image(String image) {
        String name = image;
        String suffix = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            suffix = name.substring(at);
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            suffix = name.substring(colon) + suffix;
            name = name.substring(0, colon);
        }
        if (suffix.isEmpty()) {
            suffix = ":latest";
        }
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasDomain = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (!hasDomain) {
            name = DEFAULT_DOMAIN + "/" + (slash < 0 ? "library/" : "") + name;
        }
        return name + suffix;
    }

    /** The image ID: the repository with the digest of the image's content. */
    static String imageId(String image) {
        String qualified = image(image);
        int at = qualified.indexOf('@');
        if (at >= 0) {
            return qualified;
        }
        String repository = qualified.substring(0, qualified.lastIndexOf(':'));
        return repository + "@sha256:" + sha256(qualified);
    }

    /**
     * The size in bytes of the image's content, as a pull reports it: between 5 and 200 MB,
     * derived from the image's reference like its ID.
     */
    static long imageSize(String image) {
        long seed = Long.parseLong(sha256(image(image)).substring(0, 12), 16);
        return 5_000_000L + seed % 195_000_000L;
    }

    /** The ID of one run of a container: one per pod, container and restart. */
    static String containerId(String podUid, String container, int restartCount) {
        return "containerd://" + sha256(podUid + "/" + container + "/" + restartCount);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
