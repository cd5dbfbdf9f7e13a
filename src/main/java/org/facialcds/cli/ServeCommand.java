package org.facialcds.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.facialcds.FacialCdsException;
import org.facialcds.KnowledgeBaseInfo;
import org.facialcds.RuleCompilationException;
import org.facialcds.hooks.CdsHooksServer;
import org.facialcds.hooks.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code facial-cds serve}: the knowledge base as a CDS Hooks 2.0 service until SIGTERM (in-flight requests finish). */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Serve the knowledge base as a CDS Hooks 2.0 service (discovery, patient-view, order-select,",
                "order-sign, feedback, /health). Stops cleanly on SIGTERM or Ctrl-C.",
                "Decision support only: suggestions for a clinician, never orders."})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8080, or the config file's; 0 = any free port).")
    Integer port;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules directory (default: the rules bundled in the jar).")
    Path rules;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML/JSON config: baseUrl, trustedIssuers, fhirServers, database, corsOrigins, limits.")
    Path config;

    @Option(names = "--insecure-no-auth",
            description = "Accept calls without a JWT (demo and sandbox only; binds to 127.0.0.1 unless the config says otherwise).")
    boolean insecureNoAuth;

    @Option(names = "--reload",
            description = "Watch --rules DIR; a new knowledge base that compiles and passes DIR/scenarios replaces the old one.")
    boolean reload;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Browser origin allowed to call the service, e.g. https://sandbox.cds-hooks.org (repeatable).")
    List<String> corsOrigins;

    @Override
    public Integer call() {
        System.setProperty("org.slf4j.simpleLogger.log.org.facialcds", "info");
        ServerSettings settings;
        try {
            ServerSettings.Builder b = config != null ? ServerSettings.fromFile(config) : ServerSettings.builder();
            if (port != null) b.port(port);
            if (rules != null) b.rulesDirectory(rules);
            if (reload) b.reload(true);
            if (insecureNoAuth) b.insecureNoAuth(true);
            if (corsOrigins != null && !corsOrigins.isEmpty()) b.corsOrigins(corsOrigins);
            settings = b.build();
        } catch (FacialCdsException e) {
            main.err.println(Main.NAME + ": " + e.getMessage());
            return Main.EXIT_INVALID;
        } catch (IllegalArgumentException e) {
            main.err.println(Main.NAME + ": " + e.getMessage());
            return Main.EXIT_INVALID;
        }
        Integer rulesProblem = Inputs.checkRulesDirectory(settings.rulesDirectory(), main.err);
        if (rulesProblem != null) {
            return rulesProblem;
        }
        if (!settings.authRequired()) {
            main.err.println(Main.NAME + ": WARNING: running without authentication (--insecure-no-auth): any caller that "
                    + "can reach " + settings.host() + " may call the service. Configure trustedIssuers for real use.");
        }
        CdsHooksServer server;
        try {
            server = CdsHooksServer.start(settings);
        } catch (RuleCompilationException e) {
            Inputs.printRuleProblems(e, main.err);
            return Main.EXIT_RULES;
        } catch (FacialCdsException e) {
            main.err.println(Main.NAME + ": " + e.getMessage().lines().findFirst().orElse(""));
            return Inputs.exitCodeOf(e);
        } catch (RuntimeException e) {
            main.err.println(Main.NAME + ": cannot start the service: " + Main.describe(e));
            return Main.EXIT_INVALID;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "facial-cds-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        KnowledgeBaseInfo kb = server.knowledgeBase();
        main.out.println("facial-cds CDS Hooks service listening on " + settings.host() + ":" + server.port()
                + "; discovery at " + server.baseUrl() + "/cds-services");
        main.out.println("knowledge base " + kb.name() + " " + kb.version() + " sha256 " + kb.sha256() + " ("
                + kb.ruleCount() + " rules)" + (settings.reload() ? "; watching " + settings.rulesDirectory() : "")
                + (settings.authRequired() ? "; JWT required from " + settings.trustedIssuers().size() + " trusted issuer"
                + (settings.trustedIssuers().size() == 1 ? "" : "s") : ""));
        main.out.println("workbench (try a patient in a browser): " + server.baseUrl() + "/"
                + (settings.authRequired() ? " (its API calls need the same JWT as the hooks)" : ""));
        main.out.println("Decision support only: suggestions for a clinician, never orders.");
        main.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        return Main.EXIT_OK;
    }
}
