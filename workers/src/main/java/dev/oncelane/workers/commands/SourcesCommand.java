package dev.oncelane.workers.commands;

import dev.oncelane.relay.Ignored;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.signatures.SignatureScheme;
import dev.oncelane.relay.sources.Delivery;
import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.relay.sources.SourceEvent;
import dev.oncelane.relay.sources.Sources;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.config.OncelaneConfig;
import dev.oncelane.workflows.sync.ContactEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code oncelane sources try}: what a sample payload becomes, without starting anything. */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "Work with the configured webhook sources.",
    subcommands = {SourcesCommand.Try.class})
public final class SourcesCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code oncelane sources try <source> <payload.json> [-H name=value]…}. */
  @Command(
      name = "try",
      mixinStandardHelpOptions = true,
      description =
          "Read a sample payload as the source would and print the event it becomes: key, email,"
              + " time, properties, and what is left out or ignored. Signatures are not checked"
              + " and nothing is started. Exit 0 when it would be synced or acknowledged as"
              + " ignored, 1 when the relay would refuse it.")
  public static final class Try implements Callable<Integer> {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The source's name.")
    String sourceName;

    @Parameters(index = "1", paramLabel = "PAYLOAD", description = "A JSON body, as sent.")
    Path payload;

    @Option(
        names = {"-H", "--header"},
        paramLabel = "NAME=VALUE",
        description = "A request header, e.g. -H webhook-id=msg_1 (the key of some sources).")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--config", paramLabel = "FILE", description = "The configuration file.")
    Path config;

    @Override
    public Integer call() throws IOException {
      OncelaneConfig loaded = OncelaneConfig.load(config, System.getenv());
      SourceConfig source =
          loaded.relay().effectiveSources().stream()
              .filter(s -> s.name().equals(sourceName))
              .findFirst()
              .orElse(null);
      PrintWriter out = spec.commandLine().getOut();
      if (source == null) {
        spec.commandLine()
            .getErr()
            .println(
                "no source named "
                    + sourceName
                    + "; configured: "
                    + loaded.relay().effectiveSources().stream()
                        .map(SourceConfig::name)
                        .collect(Collectors.joining(", ")));
        return OncelaneCli.EXIT_USAGE;
      }
      byte[] body = Files.readAllBytes(payload);
      Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      byName.putAll(headers);
      SourceConfig unchecked =
          source.toBuilder().signature(SignatureScheme.NONE).unsigned(true).build();
      out.printf(
          "source      %s (POST %s, preset %s)%n",
          source.name(), source.path(), source.preset().code());
      try {
        SourceEvent read =
            Sources.create(unchecked, Clock.systemUTC()).read(new Delivery(body, byName::get));
        ContactEvent event = read.toContactEvent(source.name());
        out.printf("outcome     would start workflow %s (202)%n", event.processingId());
        out.printf("key         %s%n", read.key());
        out.printf("email       %s%n", event.email());
        out.printf("time        %s%n", event.occurredAt() == null ? "-" : event.occurredAt());
        out.println("properties" + (event.properties().isEmpty() ? "  none" : ""));
        new TreeMap<>(event.properties())
            .forEach((name, value) -> out.printf("  %-24s %s%n", name, value));
        out.println("left out" + (read.skipped().isEmpty() ? "    nothing" : ""));
        read.skipped().forEach(s -> out.println("  " + s));
        out.println(
            "(at write time the worker also drops properties the CRM lacks or cannot write)");
        return 0;
      } catch (Ignored e) {
        out.printf("outcome     acknowledged and ignored (200): %s%n", e.reason());
        return 0;
      } catch (Rejection e) {
        out.printf(
            "outcome     refused (%d %s): %s%n",
            e.reason().status(), e.reason().code().toLowerCase(Locale.ROOT), e.detail());
        return OncelaneCli.EXIT_REFUSED;
      }
    }
  }
}
