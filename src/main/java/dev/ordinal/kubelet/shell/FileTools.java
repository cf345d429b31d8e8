package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.FileError;
import dev.ordinal.kubelet.container.FileNode;

/** The programs that change files: ls, mkdir, rm, rmdir, cp, mv and touch, with coreutils' messages. */
final class FileTools {

    private static final DateTimeFormatter LS_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private FileTools() {
    }

    static void register(Map<String, Tool> tools) {
        tools.put("ls", FileTools::ls);
        tools.put("mkdir", FileTools::mkdir);
        tools.put("rm", FileTools::rm);
        tools.put("rmdir", FileTools::rmdir);
        tools.put("cp", FileTools::cp);
        tools.put("mv", FileTools::mv);
        tools.put("touch", FileTools::touch);
    }

    /** Short options gathered ({@code -rf} is {@code -r -f}) and the operands, up to a {@code --}. */
    private record Arguments(String flags, List<String> operands) {
        static Arguments of(List<String> args) {
            StringBuilder flags = new StringBuilder();
            List<String> operands = new ArrayList<>();
            boolean options = true;
            for (String arg : args) {
                if (options && arg.equals("--")) {
                    options = false;
                } else if (options && arg.startsWith("--")) {
                    flags.append(switch (arg) {
                        case "--recursive" -> "r";
                        case "--force" -> "f";
                        case "--parents" -> "p";
                        case "--all" -> "a";
                        default -> "";
                    });
                } else if (options && arg.startsWith("-") && arg.length() > 1) {
                    flags.append(arg.substring(1));
                } else {
                    operands.add(arg);
                }
            }
            return new Arguments(flags.toString(), operands);
        }

        boolean has(char flag) {
            return flags.indexOf(flag) >= 0;
        }
    }

    /** {@code ls [-laAd1F] [paths]}: one name a line, or columns on a terminal; -l in coreutils' long format. */
    private static int ls(Invocation invocation) throws IOException {
        Arguments args = Arguments.of(invocation.args());
        List<String> operands = args.operands().isEmpty() ? List.of(".") : args.operands();
        int status = 0;
        List<String> files = new ArrayList<>();
        List<String> directories = new ArrayList<>();
        for (String operand : operands) {
            FileNode node = invocation.filesystem().find(invocation.path(operand));
            if (node == null) {
                status = invocation.fail("cannot access '" + operand + "': " + FileError.NOT_FOUND, 2);
            } else if (node instanceof FileNode.Directory && !args.has('d')) {
                directories.add(operand);
            } else {
                files.add(operand);
            }
        }
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (String file : files) {
            names.add(entry(invocation, args, file, invocation.filesystem().find(invocation.path(file))));
        }
        print(invocation, args, names, out);
        for (String directory : directories) {
            if (operands.size() > 1) {
                out.append(out.length() > 0 ? "\n" : "").append(directory).append(":\n");
            }
            FileNode.Directory node = (FileNode.Directory) invocation.filesystem().find(invocation.path(directory));
            List<String> entries = new ArrayList<>();
            if (args.has('a')) {
                entries.add(entry(invocation, args, ".", node));
                entries.add(entry(invocation, args, "..", node));
            }
            for (String name : node.names()) {
                if (!name.startsWith(".") || args.has('a') || args.has('A')) {
                    entries.add(entry(invocation, args, name, node.entry(name)));
                }
            }
            if (args.has('l')) {
                out.append("total ").append(entries.size() * 4).append('\n');
            }
            print(invocation, args, entries, out);
        }
        invocation.io().print(out.toString());
        return status;
    }

    private static void print(Invocation invocation, Arguments args, List<String> names, StringBuilder out) {
        if (names.isEmpty()) {
            return;
        }
        boolean columns = invocation.shell().terminal() && !args.has('l') && !args.has('1');
        out.append(String.join(columns ? "  " : "\n", names)).append('\n');
    }

    private static String entry(Invocation invocation, Arguments args, String name, FileNode node) {
        String suffix = args.has('F') && node instanceof FileNode.Directory ? "/" : "";
        if (!args.has('l')) {
            return name + suffix;
        }
        long size = node instanceof FileNode.RegularFile file ? file.size()
                : node instanceof FileNode.Directory ? 4096 : 0;
        char type = node instanceof FileNode.Directory ? 'd' : node instanceof FileNode.Device ? 'c' : '-';
        String user = invocation.container().user().name();
        String group = invocation.container().user().group();
        return String.format("%c%s %2d %s %s %8d %s %s%s", type, permissions(node.mode()),
                node instanceof FileNode.Directory ? 2 : 1, user, group, size, LS_TIME.format(node.modified()),
                name, suffix);
    }

    private static String permissions(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwx";
        for (int shift = 8; shift >= 0; shift--) {
            text.append((mode & (1 << shift)) != 0 ? letters.charAt((8 - shift) % 3) : '-');
        }
        return text.toString();
    }

    private static int mkdir(Invocation invocation) throws IOException {
        Arguments args = Arguments.of(invocation.args());
        if (args.operands().isEmpty()) {
            return invocation.fail("missing operand", 1);
        }
        int status = 0;
        for (String operand : args.operands()) {
            try {
                invocation.filesystem().mkdir(invocation.path(operand), args.has('p'));
            } catch (FileError e) {
                status = invocation.fail("cannot create directory '" + operand + "': " + e.reason(), 1);
            }
        }
        return status;
    }

    private static int rm(Invocation invocation) throws IOException {
        Arguments args = Arguments.of(invocation.args());
        boolean force = args.has('f');
        if (args.operands().isEmpty() && !force) {
            return invocation.fail("missing operand", 1);
        }
        int status = 0;
        for (String operand : args.operands()) {
            try {
                invocation.filesystem().remove(invocation.path(operand), args.has('r') || args.has('R'), args.has('d'));
            } catch (FileError e) {
                if (!(force && e.reason().equals(FileError.NOT_FOUND))) {
                    status = invocation.fail("cannot remove '" + operand + "': " + e.reason(), 1);
                }
            }
        }
        return status;
    }

    private static int rmdir(Invocation invocation) throws IOException {
        int status = 0;
        for (String operand : Arguments.of(invocation.args()).operands()) {
            String path = invocation.path(operand);
            try {
                if (!invocation.filesystem().isDirectory(path) && invocation.filesystem().exists(path)) {
                    throw new FileError(path, FileError.NOT_A_DIRECTORY);
                }
                invocation.filesystem().remove(path, false, true);
            } catch (FileError e) {
                status = invocation.fail("failed to remove '" + operand + "': " + e.reason(), 1);
            }
        }
        return status;
    }

    /** {@code cp [-r] source... target}: into a directory target, or to a new name for one source. */
    private static int cp(Invocation invocation) throws IOException {
        Arguments args = Arguments.of(invocation.args());
        boolean recursive = args.has('r') || args.has('R') || args.has('a');
        return transfer(invocation, args, (source, target) -> {
            FileNode node = invocation.filesystem().find(source);
            if (node instanceof FileNode.Directory && !recursive) {
                throw new FileError(source, "-r not specified; omitting directory");
            }
            copy(invocation.filesystem(), source, target);
        });
    }

    private static void copy(ContainerFilesystem filesystem, String source, String target) {
        FileNode node = filesystem.find(source);
        if (node instanceof FileNode.Directory directory) {
            if (!filesystem.isDirectory(target)) {
                filesystem.mkdir(target, false);
            }
            for (String name : directory.names()) {
                copy(filesystem, source + "/" + name, target + "/" + name);
            }
        } else {
            filesystem.write(target, filesystem.read(source), false);
        }
    }

    private static int mv(Invocation invocation) throws IOException {
        return transfer(invocation, Arguments.of(invocation.args()),
                (source, target) -> invocation.filesystem().rename(source, target));
    }

    private interface Transfer {
        void apply(String source, String target);
    }

    private static int transfer(Invocation invocation, Arguments args, Transfer transfer) throws IOException {
        List<String> operands = args.operands();
        if (operands.size() < 2) {
            return invocation.fail(operands.isEmpty() ? "missing file operand"
                    : "missing destination file operand after '" + operands.get(0) + "'", 1);
        }
        String target = invocation.path(operands.get(operands.size() - 1));
        boolean intoDirectory = invocation.filesystem().isDirectory(target);
        if (operands.size() > 2 && !intoDirectory) {
            return invocation.fail("target '" + operands.get(operands.size() - 1) + "' is not a directory", 1);
        }
        int status = 0;
        for (String operand : operands.subList(0, operands.size() - 1)) {
            String source = invocation.path(operand);
            try {
                if (!invocation.filesystem().exists(source)) {
                    throw new FileError(source, FileError.NOT_FOUND);
                }
                transfer.apply(source, intoDirectory ? target + "/" + ContainerFilesystem.name(source) : target);
            } catch (FileError e) {
                status = invocation.fail("cannot stat '" + operand + "': " + e.reason(), 1);
            }
        }
        return status;
    }

    private static int touch(Invocation invocation) throws IOException {
        Arguments args = Arguments.of(invocation.args());
        int status = 0;
        for (String operand : args.operands()) {
            String path = invocation.path(operand);
            try {
                FileNode node = invocation.filesystem().find(path);
                if (node != null) {
                    node.touch(invocation.filesystem().clock().instant());
                } else if (!args.has('c')) {
                    invocation.filesystem().write(path, new byte[0], true);
                }
            } catch (FileError e) {
                status = invocation.fail("cannot touch '" + operand + "': " + e.reason(), 1);
            }
        }
        return status;
    }
}
