package io.pysample.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pysample}: a sampling profiler for live CPython 3.13+ processes. */
@Command(name = "pysample", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"A sampling profiler for live CPython 3.13, 3.14 and 3.15 processes.",
            "It reads the interpreter's memory (read-only, without stopping it) using the offsets CPython "
                + "publishes in _Py_DebugOffsets. Only exec and snapshot (and record --snapshot-every) write to "
                + "a target, to run code in it (CPython 3.14+, PEP 768)."},
        footer = ExitCodes.HELP)
public final class Main implements Runnable {
    /** The commands, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(DumpCommand.class, RecordCommand.class, ExecCommand.class,
            SnapshotCommand.class, ReportCommand.class, TopCommand.class, DiffCommand.class, AgentCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Read by {@link Errors} from the parse result; inherited so that it may follow any command. */
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal error, print its Java stack trace.")
    boolean debug;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: dump, record, exec, "
                + "snapshot, report, top, diff or agent");
    }

    /**
     * Builds the command line for {@code argv} with pysample's error handling. Picocli builds a command's model by
     * reflection when it is added, which was a third of {@code dump}'s start-up for all commands: when the first
     * argument names a command, only that one is added.
     */
    static CommandLine commandLine(String... argv) {
        return commandLine(ChildIo.INHERIT, argv);
    }

    /** As {@link #commandLine(String...)}, with {@code record -- COMMAND}'s standard streams going to {@code io}. */
    static CommandLine commandLine(ChildIo io, String... argv) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cl = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RecordCommand.class ? cls.cast(new RecordCommand(io)) : defaults.create(cls);
            }
        });
        String first = argv.length > 0 ? argv[0] : "";
        Class<?> named = null;
        for (Class<?> command : COMMANDS) {
            if (command.getAnnotation(Command.class).name().equals(first)) {
                named = command;
            }
        }
        if (named != null) {
            cl.addSubcommand(named);
        } else {
            COMMANDS.forEach(cl::addSubcommand);
            cl.addSubcommand(CommandLine.HelpCommand.class);
        }
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("pysample: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Runs a command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** Runs a command line whose {@code record -- COMMAND} gets the standard streams {@code io} (for tests). */
    static int run(ChildIo io, String... args) {
        return commandLine(io, args).execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
