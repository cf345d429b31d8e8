package dev.ordinal.kubelet.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.ordinal.kubelet.container.FileError;
import dev.ordinal.kubelet.container.FileNode;

/**
 * The programs that read and write text: echo, printf, cat, head, tail, wc, grep, base64, tee,
 * sort, seq, basename and dirname, with the options people type most and coreutils' messages.
 */
final class TextTools {

    private TextTools() {
    }

    static void register(Map<String, Tool> tools) {
        tools.put("echo", TextTools::echo);
        tools.put("printf", TextTools::printf);
        tools.put("cat", TextTools::cat);
        tools.put("head", invocation -> headOrTail(invocation, true));
        tools.put("tail", invocation -> headOrTail(invocation, false));
        tools.put("wc", TextTools::wc);
        tools.put("grep", TextTools::grep);
        tools.put("base64", TextTools::base64);
        tools.put("tee", TextTools::tee);
        tools.put("sort", TextTools::sort);
        tools.put("seq", TextTools::seq);
        tools.put("basename", TextTools::basename);
        tools.put("dirname", TextTools::dirname);
    }

    /** {@code echo [-neE] args}: escapes only with -e, as busybox's and bash's echo. */
    private static int echo(Invocation invocation) throws IOException {
        List<String> args = invocation.args();
        boolean newline = true;
        boolean escapes = false;
        int i = 0;
        while (i < args.size() && args.get(i).matches("-[neE]+")) {
            newline &= !args.get(i).contains("n");
            escapes = args.get(i).contains("e") || escapes && !args.get(i).contains("E");
            i++;
        }
        String text = String.join(" ", args.subList(i, args.size()));
        if (escapes) {
            StringBuilder out = new StringBuilder();
            if (!unescape(text, out)) {
                newline = false;
            }
            text = out.toString();
        }
        invocation.io().print(newline ? text + "\n" : text);
        return 0;
    }

    /** {@code printf format args}: the format is reused while arguments remain, as POSIX says. */
    private static int printf(Invocation invocation) throws IOException {
        if (invocation.args().isEmpty()) {
            return invocation.fail("usage: printf format [arg ...]", 2);
        }
        String format = invocation.args().get(0);
        List<String> args = invocation.args().subList(1, invocation.args().size());
        StringBuilder out = new StringBuilder();
        int used = 0;
        do {
            int before = used;
            used = format(format, args, used, out);
            if (used == before) {
                break;
            }
        } while (used < args.size());
        invocation.io().print(out.toString());
        return 0;
    }

    private static int format(String format, List<String> args, int next, StringBuilder out) {
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '\\') {
                int end = Math.min(format.length(), i + 2);
                unescape(format.substring(i, end), out);
                i = end - 1;
            } else if (c == '%' && i + 1 < format.length()) {
                int start = i;
                i++;
                while (i < format.length() && "-+ #0123456789.".indexOf(format.charAt(i)) >= 0) {
                    i++;
                }
                char conversion = format.charAt(i);
                String flags = format.substring(start + 1, i);
                if (conversion == '%') {
                    out.append('%');
                    continue;
                }
                String arg = next < args.size() ? args.get(next++) : "";
                switch (conversion) {
                    case 'd', 'i' -> out.append(String.format("%" + flags + "d", number(arg)));
                    case 'x', 'X', 'o' -> out.append(String.format("%" + flags + conversion, number(arg)));
                    case 'c' -> out.append(arg.isEmpty() ? "" : arg.substring(0, 1));
                    case 'b' -> unescape(arg, out);
                    default -> out.append(String.format("%" + flags + "s", arg));
                }
            } else {
                out.append(c);
            }
        }
        return next;
    }

    private static long number(String arg) {
        try {
            return arg.isEmpty() ? 0 : Long.parseLong(arg.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Backslash escapes of echo -e and printf; false after {@code \c}, which ends the output. */
    private static boolean unescape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\013');
                case 'e' -> out.append('\033');
                case '\\' -> out.append('\\');
                case 'c' -> {
                    return false;
                }
                case '0' -> {
                    int end = i + 1;
                    while (end < text.length() && end < i + 4 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                        end++;
                    }
                    out.append((char) (end == i + 1 ? 0 : Integer.parseInt(text.substring(i + 1, end), 8)));
                    i = end - 1;
                }
                default -> out.append('\\').append(next);
            }
        }
        return true;
    }

    /** Each named input in turn ({@code -} or none: standard input), streamed. */
    private interface InputVisitor {
        void visit(String name, InputStream in) throws IOException, InterruptedException;
    }

    /** Visits the inputs; a file that cannot be read is reported and makes the status 1. */
    private static int inputs(Invocation invocation, List<String> files, InputVisitor visitor)
            throws IOException, InterruptedException {
        if (files.isEmpty()) {
            visitor.visit("-", invocation.io().in());
            return 0;
        }
        int status = 0;
        for (String file : files) {
            if (file.equals("-")) {
                visitor.visit(file, invocation.io().in());
                continue;
            }
            try {
                visitor.visit(file, invocation.filesystem().openForRead(invocation.path(file)));
            } catch (FileError e) {
                status = invocation.fail(file, e);
            }
        }
        return status;
    }

    private static int cat(Invocation invocation) throws IOException, InterruptedException {
        List<String> files = invocation.args().stream().filter(a -> !a.startsWith("-") || a.equals("-")).toList();
        OutputStream out = invocation.io().out();
        return inputs(invocation, files, (name, in) -> {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        });
    }

    /**
     * {@code head}/{@code tail} with {@code -n N}, {@code -N}, {@code -c N} and tail's {@code +N}
     * (from the Nth) and {@code -f} (follow a file as it grows, until killed).
     */
    private static int headOrTail(Invocation invocation, boolean head) throws IOException, InterruptedException {
        long count = 10;
        boolean bytes = false;
        boolean fromStart = false;
        boolean follow = false;
        List<String> files = new ArrayList<>();
        List<String> args = invocation.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            if (arg.equals("-n") || arg.equals("-c")) {
                bytes = arg.equals("-c");
                value = i + 1 < args.size() ? args.get(++i) : "";
            } else if (arg.startsWith("-n") || arg.startsWith("-c")) {
                bytes = arg.startsWith("-c");
                value = arg.substring(2);
            } else if (arg.equals("-f") || arg.equals("-F")) {
                follow = true;
            } else if (arg.matches("-\\d+")) {
                value = arg.substring(1);
            } else {
                files.add(arg);
            }
            if (value != null) {
                fromStart = value.startsWith("+");
                try {
                    count = Long.parseLong(value.replace("+", ""));
                } catch (NumberFormatException e) {
                    return invocation.fail("invalid number '" + value + "'", 1);
                }
            }
        }
        boolean lines = !bytes;
        long n = count;
        boolean skip = fromStart;
        int status = inputs(invocation, files, (name, in) -> {
            byte[] all = in.readAllBytes();
            invocation.io().out().write(head ? first(all, n, lines) : last(all, n, lines, skip));
            invocation.io().out().flush();
        });
        if (follow && !head && files.size() == 1 && status == 0) {
            followFile(invocation, invocation.path(files.get(0)));
        }
        return status;
    }

    /** tail -f: writes what is appended to the file, looking every half second until interrupted. */
    private static void followFile(Invocation invocation, String path) throws IOException, InterruptedException {
        long seen = invocation.filesystem().find(path) instanceof FileNode.RegularFile file ? file.size() : 0;
        while (true) {
            Thread.sleep(500);
            if (invocation.filesystem().find(path) instanceof FileNode.RegularFile file && file.size() > seen) {
                byte[] content = file.content();
                invocation.io().out().write(content, (int) seen, content.length - (int) seen);
                invocation.io().out().flush();
                seen = content.length;
            }
        }
    }

    private static byte[] first(byte[] all, long n, boolean lines) {
        if (!lines) {
            return java.util.Arrays.copyOf(all, (int) Math.min(n, all.length));
        }
        int end = 0;
        for (long seen = 0; end < all.length && seen < n; end++) {
            if (all[end] == '\n') {
                seen++;
            }
        }
        return java.util.Arrays.copyOf(all, end);
    }

    private static byte[] last(byte[] all, long n, boolean lines, boolean fromStart) {
        int start;
        if (!lines) {
            start = fromStart ? (int) Math.min(all.length, Math.max(0, n - 1)) : (int) Math.max(0, all.length - n);
        } else if (fromStart) {
            start = 0;
            for (long seen = 1; start < all.length && seen < n; start++) {
                if (all[start] == '\n') {
                    seen++;
                }
            }
        } else {
            start = all.length;
            long seen = 0;
            int i = all.length - 1;
            if (i >= 0 && all[i] == '\n') {
                i--;
            }
            for (; i >= 0; i--) {
                if (all[i] == '\n' && ++seen == n) {
                    break;
                }
            }
            start = n == 0 ? all.length : i + 1;
        }
        return java.util.Arrays.copyOfRange(all, start, all.length);
    }

    /** {@code wc [-lwc]}: counts alone when one count of standard input is asked, else padded as coreutils. */
    private static int wc(Invocation invocation) throws IOException, InterruptedException {
        String flags = String.join("", invocation.args().stream().filter(a -> a.startsWith("-") && a.length() > 1)
                .map(a -> a.substring(1)).toList());
        if (flags.isEmpty()) {
            flags = "lwc";
        }
        List<String> files = invocation.args().stream().filter(a -> !a.startsWith("-") || a.equals("-")).toList();
        String wanted = flags;
        long[] total = new long[3];
        int status = inputs(invocation, files, (name, in) -> {
            byte[] all = in.readAllBytes();
            long[] counts = {0, 0, all.length};
            boolean inWord = false;
            for (byte b : all) {
                if (b == '\n') {
                    counts[0]++;
                }
                boolean space = Character.isWhitespace(b);
                if (!space && !inWord) {
                    counts[1]++;
                }
                inWord = !space;
            }
            for (int i = 0; i < 3; i++) {
                total[i] += counts[i];
            }
            invocation.io().print(counts(counts, wanted, name.equals("-") ? "" : name, files.size() > 1));
        });
        if (files.size() > 1) {
            invocation.io().print(counts(total, wanted, "total", true));
        }
        return status;
    }

    private static String counts(long[] counts, String flags, String name, boolean pad) {
        List<String> fields = new ArrayList<>();
        String[] letters = {"l", "w", "c"};
        for (int i = 0; i < 3; i++) {
            if (flags.contains(letters[i])) {
                fields.add(String.valueOf(counts[i]));
            }
        }
        boolean alone = fields.size() == 1 && name.isEmpty() && !pad;
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            line.append(line.length() == 0 ? "" : " ").append(alone ? field : String.format("%7s", field));
        }
        if (!name.isEmpty()) {
            line.append(' ').append(name);
        }
        return line.append('\n').toString();
    }

    /** {@code grep [-ivcnqlEFw] pattern [files]}: 0 when a line matched, 1 when none, 2 on trouble. */
    private static int grep(Invocation invocation) throws IOException, InterruptedException {
        String flags = "";
        String pattern = null;
        List<String> files = new ArrayList<>();
        List<String> args = invocation.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-e") && i + 1 < args.size()) {
                pattern = args.get(++i);
            } else if (arg.startsWith("-") && arg.length() > 1 && pattern == null && files.isEmpty()) {
                flags += arg.substring(1);
            } else if (pattern == null) {
                pattern = arg;
            } else {
                files.add(arg);
            }
        }
        if (pattern == null) {
            return invocation.fail("usage: grep [OPTION]... PATTERNS [FILE]...", 2);
        }
        Pattern regex;
        try {
            String expression = flags.contains("F") ? Pattern.quote(pattern)
                    : flags.contains("E") ? pattern : basicToExtended(pattern);
            if (flags.contains("w")) {
                expression = "\\b(?:" + expression + ")\\b";
            }
            regex = Pattern.compile(expression, flags.contains("i") ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            return invocation.fail("invalid regular expression", 2);
        }
        String options = flags;
        boolean[] matched = {false};
        boolean prefix = files.size() > 1;
        int status = inputs(invocation, files, (name, in) -> {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            long count = 0;
            int number = 0;
            StringBuilder out = new StringBuilder();
            String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            for (String line : text.isEmpty() ? new String[0] : body.split("\n", -1)) {
                number++;
                Matcher matcher = regex.matcher(line);
                if (matcher.find() != options.contains("v")) {
                    count++;
                    if (!options.contains("c") && !options.contains("q") && !options.contains("l")) {
                        out.append(prefix ? name + ":" : "").append(options.contains("n") ? number + ":" : "")
                                .append(line).append('\n');
                    }
                }
            }
            matched[0] |= count > 0;
            if (options.contains("q")) {
                return;
            }
            if (options.contains("l")) {
                out.append(count > 0 ? name + "\n" : "");
            } else if (options.contains("c")) {
                out.append(prefix ? name + ":" : "").append(count).append('\n');
            }
            invocation.io().print(out.toString());
        });
        return status != 0 ? 2 : matched[0] ? 0 : 1;
    }

    /** POSIX basic regular expressions: {@code \( \) \{ \} \| \+ \?} are the operators, the bare ones literal. */
    private static String basicToExtended(String basic) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < basic.length(); i++) {
            char c = basic.charAt(i);
            if (c == '\\' && i + 1 < basic.length() && "(){}|+?".indexOf(basic.charAt(i + 1)) >= 0) {
                out.append(basic.charAt(++i));
            } else if ("(){}|+?".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code base64 [-d] [-w cols] [file]}: lines of 76 by default, as coreutils wraps. */
    private static int base64(Invocation invocation) throws IOException, InterruptedException {
        boolean decode = false;
        int wrap = 76;
        List<String> files = new ArrayList<>();
        List<String> args = invocation.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-d") || arg.equals("--decode")) {
                decode = true;
            } else if (arg.equals("-w") && i + 1 < args.size()) {
                wrap = Integer.parseInt(args.get(++i));
            } else if (arg.startsWith("-w")) {
                wrap = Integer.parseInt(arg.substring(2));
            } else {
                files.add(arg);
            }
        }
        boolean decoding = decode;
        int columns = wrap;
        return inputs(invocation, files, (name, in) -> {
            byte[] all = in.readAllBytes();
            if (decoding) {
                try {
                    invocation.io().out().write(Base64.getMimeDecoder().decode(all));
                } catch (IllegalArgumentException e) {
                    invocation.io().error("base64: invalid input\n");
                }
                invocation.io().out().flush();
                return;
            }
            String encoded = Base64.getEncoder().encodeToString(all);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < encoded.length(); i += columns > 0 ? columns : encoded.length()) {
                out.append(encoded, i, Math.min(encoded.length(), i + (columns > 0 ? columns : encoded.length())))
                        .append('\n');
            }
            invocation.io().print(out.toString());
        });
    }

    private static int tee(Invocation invocation) throws IOException {
        boolean append = invocation.args().contains("-a");
        List<String> files = invocation.args().stream().filter(a -> !a.startsWith("-")).toList();
        List<OutputStream> outputs = new ArrayList<>();
        int status = 0;
        for (String file : files) {
            try {
                outputs.add(invocation.filesystem().openForWrite(invocation.path(file), append));
            } catch (FileError e) {
                status = invocation.fail(file, e);
            }
        }
        byte[] buffer = new byte[8192];
        int n;
        while ((n = invocation.io().in().read(buffer)) >= 0) {
            invocation.io().out().write(buffer, 0, n);
            invocation.io().out().flush();
            for (OutputStream output : outputs) {
                output.write(buffer, 0, n);
            }
        }
        return status;
    }

    private static int sort(Invocation invocation) throws IOException, InterruptedException {
        String flags = String.join("", invocation.args().stream().filter(a -> a.startsWith("-") && a.length() > 1)
                .toList());
        List<String> files = invocation.args().stream().filter(a -> !a.startsWith("-") || a.equals("-")).toList();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int status = inputs(invocation, files, (name, in) -> in.transferTo(all));
        List<String> lines = new ArrayList<>(List.of(all.toString(StandardCharsets.UTF_8).split("\n")));
        lines.removeIf(String::isEmpty);
        Comparator<String> order = flags.contains("n")
                ? Comparator.comparingDouble(TextTools::leadingNumber) : Comparator.naturalOrder();
        lines.sort(flags.contains("r") ? order.reversed() : order);
        List<String> result = flags.contains("u") ? lines.stream().distinct().toList() : lines;
        invocation.io().print(result.isEmpty() ? "" : String.join("\n", result) + "\n");
        return status;
    }

    private static double leadingNumber(String line) {
        Matcher matcher = Pattern.compile("^\\s*-?\\d+(\\.\\d+)?").matcher(line);
        return matcher.find() ? Double.parseDouble(matcher.group().trim()) : 0;
    }

    private static int seq(Invocation invocation) throws IOException {
        List<String> args = invocation.args();
        try {
            long first = args.size() > 1 ? Long.parseLong(args.get(0)) : 1;
            long step = args.size() > 2 ? Long.parseLong(args.get(1)) : 1;
            long last = Long.parseLong(args.get(args.size() - 1));
            StringBuilder out = new StringBuilder();
            for (long i = first; step > 0 ? i <= last : i >= last; i += step) {
                out.append(i).append('\n');
            }
            invocation.io().print(out.toString());
            return 0;
        } catch (RuntimeException e) {
            return invocation.fail("invalid argument", 1);
        }
    }

    private static int basename(Invocation invocation) throws IOException {
        if (invocation.args().isEmpty()) {
            return invocation.fail("missing operand", 1);
        }
        String path = invocation.args().get(0).replaceAll("/+$", "");
        String name = path.isEmpty() ? "/" : path.substring(path.lastIndexOf('/') + 1);
        if (invocation.args().size() > 1 && name.endsWith(invocation.args().get(1))
                && !name.equals(invocation.args().get(1))) {
            name = name.substring(0, name.length() - invocation.args().get(1).length());
        }
        invocation.io().print(name + "\n");
        return 0;
    }

    private static int dirname(Invocation invocation) throws IOException {
        if (invocation.args().isEmpty()) {
            return invocation.fail("missing operand", 1);
        }
        String path = invocation.args().get(0).replaceAll("/+$", "");
        int slash = path.lastIndexOf('/');
        invocation.io().print((slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash)) + "\n");
        return 0;
    }
}
