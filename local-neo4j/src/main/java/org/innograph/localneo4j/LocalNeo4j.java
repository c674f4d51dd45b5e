package org.innograph.localneo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.server.CommunityBootstrapper;
import org.neo4j.server.NeoBootstrapper;
import picocli.CommandLine;

/**
 * Runs Neo4j Community as a real server in this JVM, the way the {@code neo4j} binary does.
 *
 * <p>We start the server's own bootstrapper (not an embedded database) so that users get exactly
 * what a packaged Neo4j gives them: the same configuration file, Bolt with authentication, the
 * HTTP endpoint, the same logs. Everything lives in one home directory:
 * {@code conf/neo4j.conf} (written on each start from the arguments), {@code data/}, {@code logs/}.
 *
 * <p>Arguments: {@code --home DIR --bolt-port N [--http-port N] [--pagecache SIZE]
 * [--truncate-torn-log true]}. The last one is for one start after a failed append (a full disk)
 * left a torn entry at the end of the transaction log: Neo4j then recovers every complete
 * transaction, cuts off the torn tail (keeping a copy of it in a zip beside the logs) and opens
 * the database instead of refusing to. The next normal start writes the configuration without it.
 * The initial
 * password comes from the environment variable {@code INNOGRAPH_NEO4J_INITIAL_PASSWORD}, never from
 * the command line (which other users can read), and is applied only when the DBMS has no users yet.
 */
public final class LocalNeo4j {
    private static final String PASSWORD_ENV = "INNOGRAPH_NEO4J_INITIAL_PASSWORD";

    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parseArgs(args);
        Path home = Path.of(require(options, "--home")).toAbsolutePath();
        Path confDir = home.resolve("conf");
        Files.createDirectories(confDir);
        Path confFile = confDir.resolve("neo4j.conf");
        writeConfig(confFile, serverSettings(home, options));

        setInitialPasswordIfNew(home, confDir);

        NeoBootstrapper server = new CommunityBootstrapper();
        int status = server.start(home, confFile, Map.of(), false, false);
        if (status != NeoBootstrapper.OK) {
            System.err.println("Neo4j failed to start (status " + status + "); see " + home.resolve("logs"));
            System.exit(status);
        }
        System.out.println("innograph local Neo4j is running; Bolt on 127.0.0.1:" + options.get("--bolt-port"));
        // The bootstrapper's own shutdown hook stops the server cleanly on SIGTERM; wait for it.
        new CountDownLatch(1).await();
    }

    /** Settings for a loopback-only server with authentication and modest, explicit memory. */
    static Map<String, String> serverSettings(Path home, Map<String, String> options) {
        String boltPort = require(options, "--bolt-port");
        String httpPort = options.getOrDefault("--http-port", "0");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.default_listen_address", "127.0.0.1");
        settings.put("server.default_advertised_address", "127.0.0.1");
        settings.put("server.bolt.enabled", "true");
        settings.put("server.bolt.listen_address", "127.0.0.1:" + boltPort);
        settings.put("server.http.enabled", String.valueOf(!"0".equals(httpPort)));
        settings.put("server.http.listen_address", "127.0.0.1:" + ("0".equals(httpPort) ? "7474" : httpPort));
        settings.put("server.http.advertised_address", "127.0.0.1:" + ("0".equals(httpPort) ? "7474" : httpPort));
        settings.put("server.https.enabled", "false");
        settings.put("dbms.security.auth_enabled", "true");
        settings.put("server.directories.data", home.resolve("data").toString());
        settings.put("server.directories.logs", home.resolve("logs").toString());
        settings.put("server.directories.import", home.resolve("import").toString());
        settings.put("server.directories.plugins", home.resolve("plugins").toString());
        settings.put("server.memory.pagecache.size", options.getOrDefault("--pagecache", "256m"));
        settings.put("dbms.memory.transaction.total.max", options.getOrDefault("--tx-memory", "1g"));
        settings.put("db.tx_log.rotation.retention_policy", "2 files");
        settings.put("dbms.usage_report.enabled", "false");
        // Defence in depth for the read-only console (docs/reliability.md): LOAD CSV may not read
        // the server's files, nor reach any address; innograph's loaders never use LOAD CSV.
        settings.put("dbms.security.allow_csv_import_from_file_urls", "false");
        settings.put("internal.dbms.cypher_ip_blocklist", "0.0.0.0/0,::/0");
        // Opt-in Graph Data Science: its procedures need full access, granted only when its jars
        // were installed into the plugins folder (docs/performance.md, "GDS").
        if (hasGds(home.resolve("plugins"))) {
            settings.put("dbms.security.procedures.unrestricted", "gds.*");
        }
        if ("true".equals(options.get("--truncate-torn-log"))) {
            settings.put("internal.dbms.tx_log.fail_on_corrupted_log_files", "false");
        }
        return settings;
    }

    static boolean hasGds(Path plugins) {
        try (var files = Files.list(plugins)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("proc-centrality-"));
        } catch (IOException missing) {
            return false;
        }
    }

    private static void writeConfig(Path confFile, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder("# Written by innograph's local-neo4j launcher on every start.\n");
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(confFile, text.toString(), StandardCharsets.UTF_8);
    }

    /** Same as {@code neo4j-admin dbms set-initial-password}: only effective before the first start. */
    private static void setInitialPasswordIfNew(Path home, Path confDir) throws Exception {
        if (Files.exists(home.resolve("data").resolve("databases").resolve("system"))) {
            return;
        }
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException(PASSWORD_ENV + " must be set for the first start");
        }
        SetInitialPasswordCommand command = new SetInitialPasswordCommand(new ExecutionContext(home, confDir));
        // "--" ends the options, so that a password starting with "-" is not read as one.
        CommandLine.populateCommand(command, "--", password);
        command.call();
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing argument " + name);
        }
        return value;
    }
}
