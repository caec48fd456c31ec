import java.io.IOException;
import java.util.Arrays;

/**
 * Starts Neo4j's own server entry point, and with --watch-parent ties its life to the process that
 * started it: that process holds our stdin open, so when it ends in any way (Ctrl-C, a crash, kill -9,
 * the end of a test run) stdin reaches end-of-file and the server shuts down cleanly.
 */
public class LocalNeo4j {
  public static void main(String[] args) throws Exception {
    boolean watchParent = args.length > 0 && args[0].equals("--watch-parent");
    String[] serverArgs = watchParent ? Arrays.copyOfRange(args, 1, args.length) : args;
    if (watchParent) {
      Thread watchdog = new Thread(LocalNeo4j::exitWhenParentGoes, "guestgraph-parent-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
    }
    org.neo4j.server.CommunityEntryPoint.main(serverArgs);
  }

  private static void exitWhenParentGoes() {
    try {
      while (System.in.read() != -1) {
        // Nothing is ever written to us; we only wait for the pipe to close.
      }
    } catch (IOException ignored) {
      // A broken pipe means the same as end-of-file.
    }
    // Give Neo4j's shutdown hook time to close the store cleanly, but never hang around.
    Thread halt = new Thread(() -> {
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException ignored) {
      }
      Runtime.getRuntime().halt(1);
    });
    halt.setDaemon(true);
    halt.start();
    System.exit(0);
  }
}
