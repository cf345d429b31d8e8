package dev.ordinal.kubelet.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.FileError;
import dev.ordinal.kubelet.container.FileNode;

/**
 * {@code tar}, as far as {@code kubectl cp} and the Java clients' file copies run it, with GNU
 * tar's names and messages: create ({@code c}), extract ({@code x}) and list ({@code t}), to and
 * from a file or standard input and output ({@code f -}), gzip ({@code z}), {@code -C dir}, and
 * {@code m}; flags bundled old-style ({@code xmf}) or not. Member names lose their leading
 * {@code /}, as kubectl cp expects (it checks that every name starts with the source path without
 * it); extraction never writes outside its directory.
 */
final class TarTool implements Tool {

    private static final int FAILURE = 2;

    private record Options(char mode, String archive, String directory, boolean gzip, boolean verbose,
                           boolean touch, List<String> operands) {
    }

    @Override
    public int run(Invocation invocation) throws IOException {
        if (invocation.args().contains("--version")) {
            invocation.io().print("tar (Ordinal simulated container)\n");
            return 0;
        }
        Options options;
        try {
            options = parse(invocation.args());
        } catch (IllegalArgumentException e) {
            return invocation.fail(e.getMessage(), FAILURE);
        }
        String directory = invocation.path(options.directory() == null ? "." : options.directory());
        if (options.mode() != 'c' && !invocation.filesystem().isDirectory(directory)) {
            return invocation.fail(options.directory() + ": Cannot open: " + FileError.NOT_FOUND, FAILURE);
        }
        return switch (options.mode()) {
            case 'c' -> create(invocation, options, directory);
            case 'x', 't' -> extract(invocation, options, directory);
            default -> invocation.fail("You must specify one of the '-Acdtrux' options", FAILURE);
        };
    }

    private static Options parse(List<String> args) {
        char mode = 0;
        String archive = "-";
        String directory = null;
        boolean gzip = false;
        boolean verbose = false;
        boolean touch = false;
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                if (arg.equals("--gzip")) {
                    gzip = true;
                } else if (arg.startsWith("--directory=")) {
                    directory = arg.substring("--directory=".length());
                } else if (arg.startsWith("--file=")) {
                    archive = arg.substring("--file=".length());
                }
                // --no-same-permissions, --no-same-owner: what this tar does anyway.
                continue;
            }
            boolean bundle = arg.startsWith("-") && arg.length() > 1 || i == 0;
            if (!bundle) {
                operands.add(arg);
                continue;
            }
            for (char flag : arg.replaceFirst("^-", "").toCharArray()) {
                switch (flag) {
                    case 'c', 'x', 't' -> {
                        if (mode != 0 && mode != flag) {
                            throw new IllegalArgumentException("You may not specify more than one '-Acdtrux' option");
                        }
                        mode = flag;
                    }
                    case 'f' -> archive = value(args, ++i, flag);
                    case 'C' -> directory = value(args, ++i, flag);
                    case 'z' -> gzip = true;
                    case 'v' -> verbose = true;
                    case 'm' -> touch = true;
                    case 'p', 'o', 'P', 'h' -> {
                        // permissions, ownership and links: nothing more to do in this filesystem
                    }
                    default -> throw new IllegalArgumentException("invalid option -- '" + flag + "'");
                }
            }
        }
        return new Options(mode, archive, directory, gzip, verbose, touch, operands);
    }

    private static String value(List<String> args, int index, char flag) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("option requires an argument -- '" + flag + "'");
        }
        return args.get(index);
    }

    private int create(Invocation invocation, Options options, String directory) throws IOException {
        if (options.operands().isEmpty()) {
            return invocation.fail("Cowardly refusing to create an empty archive", FAILURE);
        }
        boolean toStdout = options.archive().equals("-");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        OutputStream target = toStdout ? unclosable(invocation.io().out()) : file;
        OutputStream compressed = options.gzip() ? new GZIPOutputStream(target) : target;
        boolean failed = false;
        boolean warned = false;
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String operand : options.operands()) {
                String path = ContainerFilesystem.resolve(directory, operand);
                FileNode node = invocation.filesystem().find(path);
                if (node == null) {
                    invocation.io().error("tar: " + operand + ": Cannot stat: " + FileError.NOT_FOUND + "\n");
                    failed = true;
                    continue;
                }
                String name = operand.replaceAll("/{2,}", "/");
                if (name.startsWith("/")) {
                    if (!warned) {
                        invocation.io().error("tar: Removing leading `/' from member names\n");
                        warned = true;
                    }
                    name = name.replaceFirst("^/+", "");
                }
                name = name.replaceAll("/+$", "");
                add(invocation, tar, name.isEmpty() ? "." : name, node, options.verbose());
            }
            tar.finish();
        }
        if (!toStdout) {
            invocation.filesystem().write(invocation.path(options.archive()), file.toByteArray(), false);
        }
        invocation.io().out().flush();
        if (failed) {
            invocation.io().error("tar: Exiting with failure status due to previous errors\n");
            return FAILURE;
        }
        return 0;
    }

    private static void add(Invocation invocation, TarArchiveOutputStream tar, String name, FileNode node,
                            boolean verbose) throws IOException {
        boolean directory = node instanceof FileNode.Directory;
        TarArchiveEntry entry = new TarArchiveEntry(directory ? name + "/" : name);
        entry.setMode((directory ? TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 : TarArchiveEntry.DEFAULT_FILE_MODE & ~0777)
                | node.mode());
        entry.setModTime(Date.from(node.modified()));
        entry.setUserName(invocation.container().user().name());
        entry.setGroupName(invocation.container().user().group());
        entry.setUserId(invocation.container().user().uid());
        entry.setGroupId(invocation.container().user().gid());
        byte[] content = node instanceof FileNode.RegularFile file ? file.content() : new byte[0];
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
        if (verbose) {
            invocation.io().error(entry.getName() + "\n");
        }
        if (node instanceof FileNode.Directory children) {
            for (String child : children.names()) {
                FileNode childNode = children.entry(child);
                if (childNode != null) {
                    add(invocation, tar, name.equals(".") ? "./" + child : name + "/" + child, childNode, verbose);
                }
            }
        }
    }

    private int extract(Invocation invocation, Options options, String directory) throws IOException {
        InputStream source;
        if (options.archive().equals("-")) {
            source = invocation.io().in();
        } else {
            try {
                source = new ByteArrayInputStream(invocation.filesystem().read(invocation.path(options.archive())));
            } catch (FileError e) {
                return invocation.fail(options.archive() + ": Cannot open: " + e.reason(), FAILURE);
            }
        }
        InputStream input = options.gzip() ? new GZIPInputStream(source) : source;
        ContainerFilesystem filesystem = invocation.filesystem();
        StringBuilder listing = new StringBuilder();
        TarArchiveInputStream tar = new TarArchiveInputStream(input, "UTF-8");
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = entry.getName();
            if (options.mode() == 't') {
                listing.append(name).append('\n');
                continue;
            }
            String path = ContainerFilesystem.resolve(directory, name.replaceFirst("^/+", ""));
            if (!(path + "/").startsWith(directory.equals("/") ? "/" : directory + "/")) {
                invocation.io().error("tar: " + name + ": Member name contains '..'\n");
                continue;
            }
            if (options.verbose()) {
                listing.append(name).append('\n');
            }
            try {
                if (entry.isDirectory()) {
                    filesystem.mkdir(path, true).setMode(entry.getMode() & 0777);
                } else if (entry.isFile()) {
                    filesystem.mkdir(ContainerFilesystem.parent(path), true);
                    filesystem.write(path, tar.readAllBytes(), false);
                    FileNode node = filesystem.find(path);
                    node.setMode(entry.getMode() & 0777);
                    if (!options.touch()) {
                        node.touch(entry.getModTime().toInstant());
                    }
                }
            } catch (FileError e) {
                invocation.io().error("tar: " + name + ": Cannot open: " + e.reason() + "\n");
                return FAILURE;
            }
        }
        // What follows the end-of-archive blocks is read too, so a writer never blocks on it.
        source.transferTo(OutputStream.nullOutputStream());
        if (listing.length() > 0) {
            invocation.io().print(listing.toString());
        }
        return 0;
    }

    /** Standard output, kept open when the archive stream is closed. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
