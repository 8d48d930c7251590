package org.strata.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strata.serve.StrataServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata serve}: the command centre's JSON API and dashboard, following each night's publish. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the current run of a results directory as a JSON API under /api/v1 and a dashboard at /, and "
          + "follows it: after a run publishes, requests are answered from the new run. Tokens and roles come "
          + "from the access file; identifiable answers are written to the audit trail. Loopback only unless "
          + "--bind says otherwise; SIGTERM stops it after the requests in flight. See docs/API.md."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--store", required = true, description = "Store directory the runs were made from.")
  Path store;

  @Option(names = "--results", required = true, description = "Results directory (strata run --out).")
  Path results;

  @Option(names = "--access", required = true, description = "Access file (YAML): token hashes, roles, audit key.")
  Path access;

  @Option(names = "--audit", defaultValue = "strata-audit.log",
      description = "Audit trail, appended to (default: ${DEFAULT-VALUE}).")
  Path audit;

  @Option(names = "--capacity", description = "Capacity file (CSV: hub,level,capacity) for /api/v1/capacity.")
  Path capacity;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--tls", description = "PKCS#12 keystore: serve HTTPS (its password in STRATA_TLS_PASSWORD).")
  Path tls;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new BadInputException("--port " + port + ": not a port (0 to 65535)");
    }
    if (tls != null && !java.nio.file.Files.isRegularFile(tls)) {
      throw new BadInputException(tls + ": --tls: no such keystore");
    }
    StrataServer server = StrataServer.start(new StrataServer.Config(results, store, access, audit, capacity, bind,
        port, tls, tls == null ? null : System.getenv("STRATA_TLS_PASSWORD")));
    System.out.println("strata: serving run " + server.servedRun() + " (store generation " + server.servedGeneration()
        + ") at " + server.url() + "  audit trail " + audit + "  (SIGTERM or Ctrl-C stops)");
    System.out.flush();
    server.join();
    return 0;
  }
}
