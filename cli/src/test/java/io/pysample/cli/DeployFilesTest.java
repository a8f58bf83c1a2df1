package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pysample.agent.run.AgentSettings;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The deployment files under {@code deploy/} stay runnable: the agent command lines of the systemd unit and of the
 * Kubernetes DaemonSet are accepted by {@code pysample agent} itself (options and their values), and the unit passes
 * {@code systemd-analyze verify} where systemd's tools are installed.
 */
class DeployFilesTest {
    private static final Path UNIT = Path.of("..", "deploy", "systemd", "pysample-agent.service");
    private static final Path DAEMON_SET = Path.of("..", "deploy", "kubernetes", "pysample-agent-daemonset.yaml");

    @TempDir
    Path dir;

    @Test
    void theSystemdUnitsCommandLineIsAValidAgentCommand() throws Exception {
        String unit = Files.readString(UNIT, StandardCharsets.UTF_8);
        Matcher exec = Pattern.compile("(?m)^ExecStart=(\\S+) (.*)$").matcher(unit);
        assertThat(exec.find()).as("ExecStart in " + UNIT).isTrue();
        List<String> args = new ArrayList<>(Arrays.asList(exec.group(2).split("\\s+")));
        assertThat(args.remove("$PYSAMPLE_AGENT_ARGS")).as("the unit takes options from its environment file").isTrue();
        assertThat(args.remove(0)).isEqualTo("agent");
        assertAgentAccepts(args);

        // With the example options of the unit's comment, as systemd splits $PYSAMPLE_AGENT_ARGS.
        Matcher example = Pattern.compile("(?m)^#\\s+PYSAMPLE_AGENT_ARGS=(.*)$").matcher(unit);
        assertThat(example.find()).as("an example PYSAMPLE_AGENT_ARGS").isTrue();
        args.addAll(Arrays.asList(example.group(1).trim().split("\\s+")));
        AgentSettings settings = assertAgentAccepts(args);
        assertThat(settings.tags()).containsEntry("env", "prod");
        assertThat(settings.backends()).hasSize(1);
    }

    @Test
    void theDaemonSetsArgumentsAreAValidAgentCommand() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(DAEMON_SET.toFile());
        assertThat(doc.path("kind").asText()).isEqualTo("DaemonSet");
        assertThat(doc.at("/spec/template/spec/hostPID").asBoolean()).as("hostPID: the node's processes").isTrue();
        JsonNode container = doc.at("/spec/template/spec/containers/0");
        assertThat(container.at("/securityContext/capabilities/add").toString()).contains("SYS_PTRACE");
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText().replace("$(NODE_NAME)", "node-1"))); // as the kubelet
        assertThat(args).first().isEqualTo("agent");
        assertAgentAccepts(args.subList(1, args.size()));
    }

    @Test
    void theSystemdUnitPassesSystemdAnalyzeVerify() throws Exception {
        Path analyze = onPath("systemd-analyze");
        assumeTrue(analyze != null, "systemd-analyze is not installed");
        // The unit names /opt/pysample/bin/pysample, which is not installed here: point it at an executable that is.
        Path launcher = Path.of("..", "bin", "pysample").toAbsolutePath().normalize();
        assertThat(Files.isExecutable(launcher)).as(launcher.toString()).isTrue();
        Path unit = dir.resolve("pysample-agent.service");
        Files.writeString(unit, Files.readString(UNIT, StandardCharsets.UTF_8)
                .replace("/opt/pysample/bin/pysample", launcher.toString()), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(analyze.toString(), "verify", unit.toString()).redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().filter(l -> l.contains("pysample-agent.service"))).as(out).isEmpty();
    }

    /** Parses {@code pysample agent ARGS} and checks its settings as the agent would before it starts. */
    private static AgentSettings assertAgentAccepts(List<String> agentArgs) {
        List<String> argv = new ArrayList<>(List.of("agent"));
        argv.addAll(agentArgs);
        String[] a = argv.toArray(String[]::new);
        CommandLine.ParseResult parsed = Main.commandLine(a).parseArgs(a);
        AgentCommand agent = (AgentCommand) parsed.subcommand().commandSpec().userObject();
        return agent.settings();
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
