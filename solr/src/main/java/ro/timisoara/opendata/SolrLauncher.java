package ro.timisoara.opendata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.solr.core.CoreContainer;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Starts a real Apache Solr 9 server (Jetty + CoreContainer) on a Solr home
 * prepared by scripts/solr.sh, and blocks until killed.
 *
 * Usage: SolrLauncher SOLR_HOME PORT
 *
 * Solr swallows core load errors at start-up and keeps running without the
 * core; this launcher refuses to do so: any core init failure is printed and
 * the process exits with status 3, so the scripts fail loudly.
 */
public final class SolrLauncher {
  private SolrLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SolrLauncher SOLR_HOME PORT");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    if (!Files.isRegularFile(home.resolve("solr.xml"))) {
      System.err.println("no solr.xml in " + home);
      System.exit(2);
    }
    JettyConfig config = JettyConfig.builder().setContext("/solr").setPort(port).build();
    JettySolrRunner runner = new JettySolrRunner(home.toString(), new Properties(), config);
    runner.start();
    CoreContainer cores = runner.getCoreContainer();
    Map<String, CoreContainer.CoreLoadFailure> failures = cores.getCoreInitFailures();
    if (!failures.isEmpty()) {
      for (Map.Entry<String, CoreContainer.CoreLoadFailure> f : failures.entrySet()) {
        System.err.println("Solr core '" + f.getKey() + "' failed to load:");
        f.getValue().exception.printStackTrace();
      }
      runner.stop();
      System.exit(3);
    }
    System.out.println("Solr " + CoreContainer.class.getPackage().getImplementationVersion() + " ready on http://127.0.0.1:"
        + runner.getLocalPort() + "/solr with cores " + cores.getAllCoreNames());
    System.out.flush();
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runner.stop();
      } catch (Exception e) {
        e.printStackTrace();
      }
      forever.countDown();
    }));
    forever.await();
  }
}
