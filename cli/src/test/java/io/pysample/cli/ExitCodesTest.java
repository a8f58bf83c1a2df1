package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The exit codes are defined once: the constants, the {@code --help} footer and README's table agree. */
class ExitCodesTest {
    private static Map<Integer, String> helpTable() {
        Map<Integer, String> rows = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^ {1,2}(\\d+)  (.+)$").matcher(String.format(ExitCodes.HELP));
        while (m.find()) {
            rows.put(Integer.parseInt(m.group(1)), m.group(2).strip());
        }
        return rows;
    }

    private static Map<Integer, String> readmeTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("### Exit codes"));
        section = section.substring(0, section.indexOf("\n#", 1));
        Map<Integer, String> rows = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| (.+) \\|$").matcher(section);
        while (m.find()) {
            rows.put(Integer.parseInt(m.group(1)), m.group(2).strip());
        }
        return rows;
    }

    @Test
    void constantsHelpAndReadmeListTheSameCodesWithTheSameMeanings() throws Exception {
        TreeSet<Integer> constants = new TreeSet<>();
        for (Field f : ExitCodes.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                constants.add(f.getInt(null));
            }
        }
        Map<Integer, String> help = helpTable();
        assertThat(constants).hasSize(12);
        assertThat(help.keySet()).isEqualTo(constants);
        assertThat(readmeTable()).isEqualTo(help);
    }

    @Test
    void everyCommandShowsTheTable() {
        for (String command : new String[] {"record", "dump", "exec", "snapshot"}) {
            CliRun run = CliRun.inProcess(command, "--help");
            assertThat(run.out).as(command).contains("Exit codes:").contains("  9  remote execution refused");
        }
    }
}
