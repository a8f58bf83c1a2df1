package io.pysample.agent.run;

import io.pysample.memory.ProcessTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which processes the agent profiles: the given pids ({@code --pid}), their descendants ({@code --subprocesses}),
 * those whose command line matches {@code match} ({@code --match}), or every process ({@code --all}; the default
 * when nothing else is given). The agent's own process is never selected.
 *
 * @param pids explicit targets (host pids)
 * @param all every process the agent may read
 * @param match a regular expression searched in each command line, or {@code null}
 * @param subprocesses whether descendants of {@code pids} are targets too
 */
public record TargetSelection(Set<Integer> pids, boolean all, Pattern match, boolean subprocesses) {
    public TargetSelection {
        pids = Set.copyOf(pids);
        all = all || (pids.isEmpty() && match == null);
    }

    /**
     * A selected process.
     *
     * @param explicit named by pid, descendant or match: every refusal is reported; with {@code --all} only
     *     refusals of processes that are Python (or look like it) are
     */
    record Candidate(ProcessTable.Entry entry, boolean explicit) {
    }

    /** The selected processes of {@code table}, ascending by pid, without {@code selfPid}. */
    List<Candidate> select(ProcessTable table, long selfPid) {
        Set<Integer> descendants = subprocesses ? table.descendantsOf(pids) : Set.of();
        List<Candidate> out = new ArrayList<>();
        for (ProcessTable.Entry e : table.entries()) {
            if (e.pid() == selfPid) {
                continue;
            }
            boolean explicit = pids.contains(e.pid()) || descendants.contains(e.pid())
                    || (match != null && match.matcher(e.commandLine()).find());
            if (explicit || all) {
                out.add(new Candidate(e, explicit));
            }
        }
        return out;
    }

    /** A short description for the start-up line, e.g. {@code every Python process}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!pids.isEmpty()) {
            parts.add("pid " + pids.stream().sorted().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("")
                    + (subprocesses ? " and descendants" : ""));
        }
        if (match != null) {
            parts.add("processes matching /" + match.pattern() + "/");
        }
        if (all) {
            parts.add("every Python process");
        }
        return String.join(", ", parts);
    }
}
