package dev.ordinal.kubelet.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.ContainerLog;
import dev.ordinal.kubelet.container.ImageLayout;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell's parsing, expansions, pipes, redirections and exit statuses, and its everyday tools. */
class ShellTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    private final ContainerFilesystem filesystem = new ContainerFilesystem(CLOCK);
    private final Container container;

    ShellTest() {
        ContainerLog log = new ContainerLog(CLOCK);
        ImageLayout.apply(filesystem, log);
        Tools.install(filesystem);
        filesystem.write("/etc/hosts", "127.0.0.1\tlocalhost\n10.244.1.5\tweb-0.nginx.default.svc.cluster.local\tweb-0\n"
                .getBytes(StandardCharsets.UTF_8), false);
        container = new Container("nginx", filesystem, "web-0", Container.User.ROOT,
                Map.of("PATH", "/bin", "HOME", "/root", "GREETING", "hello world"), "/", log);
    }

    private record Run(int status, String out, String err) {
    }

    private Run sh(String script) {
        return sh(script, "");
    }

    private Run sh(String script, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, err);
        int status = new Shell(container, false).execute(List.of("sh", "-c", script), io);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void hostnameIsThePodsAndTheFqdnComesFromEtcHosts() {
        assertThat(sh("hostname").out()).isEqualTo("web-0\n");
        assertThat(sh("hostname -f").out()).isEqualTo("web-0.nginx.default.svc.cluster.local\n");
        assertThat(sh("hostname -i").out()).isEqualTo("10.244.1.5\n");
    }

    @Test
    void quotingAndVariables() {
        assertThat(sh("echo \"$GREETING\" '$GREETING' \\$GREETING").out())
                .isEqualTo("hello world $GREETING $GREETING\n");
        assertThat(sh("x=1; y=\"$x two\"; echo ${y} ${z:-unset} ${#GREETING}").out()).isEqualTo("1 two unset 11\n");
        assertThat(sh("f=archive.tar.gz; echo ${f%.gz} ${f%%.*} ${f#*.}").out())
                .isEqualTo("archive.tar archive tar.gz\n");
        assertThat(sh("echo $((3 + 4 * 2)) $(( (1+2) * 3 ))").out()).isEqualTo("11 9\n");
    }

    @Test
    void unquotedExpansionsAreSplitIntoFieldsAndQuotedOnesAreNot() {
        assertThat(sh("set -- $GREETING; echo $#; set -- \"$GREETING\"; echo $#").out()).isEqualTo("2\n1\n");
        assertThat(sh("for w in a \"b c\" $GREETING; do echo \"[$w]\"; done").out())
                .isEqualTo("[a]\n[b c]\n[hello]\n[world]\n");
    }

    @Test
    void commandSubstitutionTakesOutputWithoutTrailingNewlines() {
        assertThat(sh("echo \"$(hostname)\" > /tmp/index.html; cat /tmp/index.html").out()).isEqualTo("web-0\n");
        assertThat(sh("echo `echo nested $(echo deep)`").out()).isEqualTo("nested deep\n");
    }

    @Test
    void pipesAndAndOrLists() {
        assertThat(sh("printf 'a\\nb\\nc\\n' | grep -v b | wc -l").out()).isEqualTo("2\n");
        assertThat(sh("true && echo yes || echo no; false && echo yes || echo no").out()).isEqualTo("yes\nno\n");
        assertThat(sh("false | true").status()).isZero();
        assertThat(sh("! true").status()).isEqualTo(1);
        assertThat(sh("seq 1 100000 | head -n 2").out()).isEqualTo("1\n2\n");
    }

    @Test
    void redirections() {
        Run run = sh("echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f; ls /nope 2>&1; ls /nope 2>/dev/null; echo done");
        assertThat(run.out()).isEqualTo("one\ntwo\nls: cannot access '/nope': No such file or directory\ndone\n");
        assertThat(run.err()).isEmpty();
        assertThat(sh("echo hidden >/dev/null 2>&1; echo err >&2").err()).isEqualTo("err\n");
        Run missing = sh("echo x > /no/such/dir/file");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("sh: can't create /no/such/dir/file: No such file or directory\n");
    }

    @Test
    void exitStatuses() {
        assertThat(sh("exit 3").status()).isEqualTo(3);
        assertThat(sh("(exit 4); echo $?").out()).isEqualTo("4\n");
        assertThat(sh("false; echo $?").out()).isEqualTo("1\n");
        Run unknown = sh("foo --bar");
        assertThat(unknown.status()).isEqualTo(127);
        assertThat(unknown.err()).isEqualTo("sh: foo: not found\n");
        assertThat(sh("set -e; false; echo not reached").out()).isEmpty();
        assertThat(sh("set -e; false || true; if false; then :; fi; echo reached").out()).isEqualTo("reached\n");
    }

    @Test
    void syntaxErrorsAreStatusTwo() {
        Run run = sh("echo 'open");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("sh: syntax error: unterminated quoted string\n");
        assertThat(sh("if true; then echo x").err()).contains("expecting \"fi\"");
    }

    @Test
    void compoundCommands() {
        assertThat(sh("i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done").out()).isEqualTo("1\n2\n3\n");
        assertThat(sh("if [ -d /tmp ]; then echo dir; elif true; then echo no; else echo no; fi").out())
                .isEqualTo("dir\n");
        assertThat(sh("for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done").out())
                .isEqualTo("1\n3\n");
        assertThat(sh("{ echo a; echo b; } > /tmp/g; cat /tmp/g").out()).isEqualTo("a\nb\n");
        assertThat(sh("(cd /tmp && pwd); pwd; cd /tmp; pwd").out()).isEqualTo("/tmp\n/\n/tmp\n");
    }

    @Test
    void filesAndDirectories() {
        Run run = sh("mkdir -p /data/a/b && echo x > /data/a/b/f && cp -r /data/a /data/c && mv /data/c/b/f /data/g "
                + "&& ls /data /data/c/b && rm -r /data/a && ls /data && test -f /data/g && echo ok");
        assertThat(run.out()).isEqualTo("/data:\na\nc\ng\n\n/data/c/b:\nc\ng\nok\n");
        assertThat(sh("rm /data").err()).isEqualTo("rm: cannot remove '/data': Is a directory\n");
        assertThat(sh("rm /nothing").err()).isEqualTo("rm: cannot remove '/nothing': No such file or directory\n");
        assertThat(sh("cat /tmp").err()).isEqualTo("cat: /tmp: Is a directory\n");
    }

    @Test
    void textTools() {
        assertThat(sh("printf '%s-%d\\n' a 1 b 2").out()).isEqualTo("a-1\nb-2\n");
        assertThat(sh("echo hello | base64").out()).isEqualTo("aGVsbG8K\n");
        assertThat(sh("echo aGVsbG8K | base64 -d").out()).isEqualTo("hello\n");
        assertThat(sh("printf '1\\n2\\n3\\n4\\n' | tail -n 2").out()).isEqualTo("3\n4\n");
        assertThat(sh("printf 'abcdef' | tail -c +3").out()).isEqualTo("cdef");
        assertThat(sh("printf 'x\\nfoo\\nbar\\n' > /tmp/t; grep -n o /tmp/t; grep -c '^[fb]' /tmp/t").out())
                .isEqualTo("2:foo\n2\n");
        assertThat(sh("echo hi > /tmp/w; wc -c < /tmp/w").out()).isEqualTo("3\n");
        assertThat(sh("cat", "from stdin\n").out()).isEqualTo("from stdin\n");
    }

    @Test
    void environmentAndIdentity() {
        assertThat(sh("FOO=bar env | grep FOO").out()).isEqualTo("FOO=bar\n");
        assertThat(sh("export A=1; sh -c 'echo $A'").out()).isEqualTo("1\n");
        assertThat(sh("B=2; sh -c 'echo [$B]'").out()).isEqualTo("[]\n");
        assertThat(sh("printenv HOME").out()).isEqualTo("/root\n");
        assertThat(sh("id; whoami").out()).isEqualTo("uid=0(root) gid=0(root) groups=0(root)\nroot\n");
        assertThat(sh("date +%F").out()).isEqualTo("2026-03-01\n");
    }

    @Test
    void commandVAndAToolRemovedFromBin() {
        assertThat(sh("command -v tar").out()).isEqualTo("/bin/tar\n");
        assertThat(sh("rm /bin/tar; tar --version").status()).isEqualTo(127);
    }

    @Test
    void interactiveShellReadsCommandsFromStdin() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream("echo one\nif true\nthen echo two\nfi\nexit 5\necho no\n"
                .getBytes(StandardCharsets.UTF_8)), out, new ByteArrayOutputStream());
        int status = new Shell(container, true).execute(List.of("sh"), io);
        assertThat(status).isEqualTo(5);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("/ # one\n/ # > > two\n/ # ");
    }
}
