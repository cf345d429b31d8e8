package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.FileError;
import dev.ordinal.kubelet.container.FileNode;

/**
 * The programs that tell about the process and its container, and the shells: hostname, id,
 * whoami, date, sleep, env, printenv, true, false, test and {@code [}, sh and bash.
 */
final class SystemTools {

    private SystemTools() {
    }

    static void register(Map<String, Tool> tools) {
        tools.put("sh", SystemTools::shell);
        tools.put("bash", SystemTools::shell);
        tools.put("ash", SystemTools::shell);
        tools.put("hostname", SystemTools::hostname);
        tools.put("id", SystemTools::id);
        tools.put("whoami", invocation -> {
            invocation.io().print(invocation.container().user().name() + "\n");
            return 0;
        });
        tools.put("date", SystemTools::date);
        tools.put("sleep", SystemTools::sleep);
        tools.put("env", SystemTools::env);
        tools.put("printenv", SystemTools::printenv);
        tools.put("true", invocation -> 0);
        tools.put("false", invocation -> 1);
        tools.put("test", invocation -> TestExpression.evaluate(invocation, invocation.args()));
        tools.put("[", SystemTools::bracket);
    }

    /**
     * {@code sh [-c script [name [args...]]]}, {@code sh file [args...]}, or {@code sh} reading
     * commands from standard input; {@code -e} sets errexit, the other options change nothing here.
     */
    private static int shell(Invocation invocation) throws IOException {
        List<String> args = invocation.args();
        Shell shell = invocation.shell().child(invocation.environment());
        String script = null;
        boolean command = false;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1; i++) {
            String flags = args.get(i);
            if (flags.equals("--")) {
                i++;
                break;
            }
            command |= flags.contains("c");
            if (flags.contains("e")) {
                shell.setErrexit(true);
            }
        }
        if (command) {
            if (i >= args.size()) {
                return invocation.fail("-c requires an argument", 2);
            }
            script = args.get(i++);
            String name = i < args.size() ? args.get(i++) : invocation.name();
            shell.setArguments(name, args.subList(i, args.size()));
            return shell.run(script, invocation.io());
        }
        if (i < args.size()) {
            String file = args.get(i);
            try {
                script = new String(invocation.filesystem().read(invocation.path(file)), StandardCharsets.UTF_8);
            } catch (FileError e) {
                return invocation.fail("can't open '" + file + "': " + e.reason(), 127);
            }
            shell.setArguments(file, args.subList(i + 1, args.size()));
            return shell.run(script, invocation.io());
        }
        shell.setArguments(invocation.name(), List.of());
        return shell.interactive(invocation.io());
    }

    /**
     * {@code hostname}: the UTS namespace's name, the pod's hostname; {@code -f} and {@code -i}
     * look it up in {@code /etc/hosts}, as the resolver would, for the FQDN and the pod's IP.
     */
    private static int hostname(Invocation invocation) throws IOException {
        Container container = invocation.container();
        String option = invocation.args().isEmpty() ? "" : invocation.args().get(0);
        if (option.isEmpty() || option.equals("-s")) {
            invocation.io().print(container.hostname() + "\n");
            return 0;
        }
        String[] line = hostsLine(invocation, container.hostname());
        if (line == null) {
            return invocation.fail("Unknown host", 1);
        }
        invocation.io().print((option.equals("-i") ? line[0] : line[1]) + "\n");
        return 0;
    }

    private static String[] hostsLine(Invocation invocation, String hostname) {
        if (!(invocation.filesystem().find("/etc/hosts") instanceof FileNode.RegularFile hosts)) {
            return null;
        }
        for (String line : new String(hosts.content(), StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (!line.startsWith("#") && List.of(fields).subList(1, fields.length).contains(hostname)) {
                return fields;
            }
        }
        return null;
    }

    private static int id(Invocation invocation) throws IOException {
        Container.User user = invocation.container().user();
        String flags = String.join("", invocation.args());
        boolean names = flags.contains("n");
        String answer;
        if (flags.contains("u")) {
            answer = names ? user.name() : String.valueOf(user.uid());
        } else if (flags.contains("g")) {
            answer = names ? user.group() : String.valueOf(user.gid());
        } else {
            answer = "uid=" + user.uid() + "(" + user.name() + ") gid=" + user.gid() + "(" + user.group()
                    + ") groups=" + user.gid() + "(" + user.group() + ")";
        }
        invocation.io().print(answer + "\n");
        return 0;
    }

    /** {@code date [-u] [+format]}: now on the server's clock, in UTC unless TZ names a zone. */
    private static int date(Invocation invocation) throws IOException {
        Instant now = invocation.filesystem().clock().instant();
        ZoneId zone = ZoneId.of("UTC");
        String tz = invocation.environment().getOrDefault("TZ", "");
        if (!tz.isEmpty() && !invocation.args().contains("-u")) {
            try {
                zone = ZoneId.of(tz);
            } catch (java.time.DateTimeException e) {
                zone = ZoneId.of("UTC");
            }
        }
        ZonedDateTime time = now.atZone(zone);
        String format = invocation.args().stream().filter(a -> a.startsWith("+")).findFirst()
                .map(a -> a.substring(1)).orElse("%a %b %e %H:%M:%S %Z %Y");
        invocation.io().print(strftime(format, time) + "\n");
        return 0;
    }

    static String strftime(String format, ZonedDateTime time) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char field = format.charAt(++i);
            out.append(switch (field) {
                case 'Y' -> String.valueOf(time.getYear());
                case 'y' -> String.format("%02d", time.getYear() % 100);
                case 'm' -> String.format("%02d", time.getMonthValue());
                case 'd' -> String.format("%02d", time.getDayOfMonth());
                case 'e' -> String.format("%2d", time.getDayOfMonth());
                case 'H' -> String.format("%02d", time.getHour());
                case 'M' -> String.format("%02d", time.getMinute());
                case 'S' -> String.format("%02d", time.getSecond());
                case 'N' -> String.format("%09d", time.getNano());
                case 's' -> String.valueOf(time.toEpochSecond());
                case 'j' -> String.format("%03d", time.getDayOfYear());
                case 'a' -> time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
                case 'A' -> time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT);
                case 'b', 'h' -> time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT);
                case 'B' -> time.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT);
                case 'Z' -> time.getZone().getId().equals("UTC") ? "UTC"
                        : time.format(DateTimeFormatter.ofPattern("zzz", Locale.ROOT));
                case 'z' -> time.format(DateTimeFormatter.ofPattern("xx", Locale.ROOT));
                case 'F' -> strftime("%Y-%m-%d", time);
                case 'T' -> strftime("%H:%M:%S", time);
                case 'D' -> strftime("%m/%d/%y", time);
                case 'n' -> "\n";
                case 't' -> "\t";
                case '%' -> "%";
                default -> "%" + field;
            });
        }
        return out.toString();
    }

    /** {@code sleep N[smhd]...}, fractions allowed, {@code infinity} for ever; real time, ended by a kill. */
    private static int sleep(Invocation invocation) throws IOException, InterruptedException {
        if (invocation.args().isEmpty()) {
            return invocation.fail("missing operand", 1);
        }
        Duration total = Duration.ZERO;
        for (String arg : invocation.args()) {
            if (arg.equals("infinity")) {
                Thread.sleep(Long.MAX_VALUE);
            }
            try {
                char unit = arg.charAt(arg.length() - 1);
                double seconds = Double.parseDouble(Character.isLetter(unit) ? arg.substring(0, arg.length() - 1) : arg);
                double factor = switch (unit) {
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86400;
                    default -> 1;
                };
                total = total.plusNanos((long) (seconds * factor * 1e9));
            } catch (NumberFormatException e) {
                return invocation.fail("invalid time interval '" + arg + "'", 1);
            }
        }
        Thread.sleep(total.toMillis(), total.toNanosPart() % 1_000_000);
        return 0;
    }

    /** {@code env [-i] [NAME=value...] [command args...]}: prints the environment, or runs a command with it. */
    private static int env(Invocation invocation) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(invocation.environment());
        List<String> args = invocation.args();
        int i = 0;
        if (i < args.size() && (args.get(i).equals("-i") || args.get(i).equals("-"))) {
            environment.clear();
            i++;
        }
        for (; i < args.size() && args.get(i).contains("="); i++) {
            String arg = args.get(i);
            environment.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        if (i == args.size()) {
            StringBuilder out = new StringBuilder();
            environment.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
            invocation.io().print(out.toString());
            return 0;
        }
        return invocation.shell().child(environment).command(new ArrayList<>(args.subList(i, args.size())),
                Map.of(), invocation.io());
    }

    private static int printenv(Invocation invocation) throws IOException {
        if (invocation.args().isEmpty()) {
            StringBuilder out = new StringBuilder();
            invocation.environment().forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
            invocation.io().print(out.toString());
            return 0;
        }
        int status = 0;
        for (String name : invocation.args()) {
            String value = invocation.environment().get(name);
            if (value == null) {
                status = 1;
            } else {
                invocation.io().print(value + "\n");
            }
        }
        return status;
    }

    private static int bracket(Invocation invocation) throws IOException {
        List<String> args = invocation.args();
        if (args.isEmpty() || !args.get(args.size() - 1).equals("]")) {
            return invocation.fail("missing ]", 2);
        }
        return TestExpression.evaluate(invocation, args.subList(0, args.size() - 1));
    }
}
