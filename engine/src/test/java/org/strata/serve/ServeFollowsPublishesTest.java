package org.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients read the footprint and the hubs while runs publish underneath, alternating two months whose numbers
 * differ. Every response must equal the files of the run it names (never a mix of two), each client must see
 * the runs in publish order, and the service must have moved on to the newest run by the end.
 */
class ServeFollowsPublishesTest {
  private static final int PUBLISHES = 4;
  private static final int CLIENTS = 4;

  @Test
  void everyResponseIsOneRunsFilesDuringRepeatedPublishes(@TempDir Path tmp) throws Exception {
    try (ServeFixture f = new ServeFixture(tmp, 5000)) {
      record Answer(String run, String path, JsonNode data) {}
      ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      AtomicBoolean done = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        String path = c % 2 == 0 ? "/api/v1/footprint" : "/api/v1/hubs";
        Thread t = new Thread(() -> {
          String last = "";
          try {
            while (!done.get()) {
              HttpResponse<String> r = f.get(path, ServeFixture.ADMIN);
              if (r.statusCode() != 200) {
                problems.add(path + " " + r.statusCode() + " " + r.body());
                continue;
              }
              JsonNode j = f.json(r);
              String run = j.get("run").asText();
              if (run.compareTo(last) < 0) {
                problems.add(path + ": run " + run + " after " + last);
              }
              last = run;
              answers.add(new Answer(run, path, j.get("data")));
            }
          } catch (Exception e) {
            problems.add(path + ": " + e);
          }
        });
        t.start();
        clients.add(t);
      }
      for (int i = 0; i < PUBLISHES; i++) {
        f.runMonth(i % 2 == 0 ? 1 : 2);
      }
      String newest = ServeFixture.ResultsFiles.current(f.results).getFileName().toString();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!f.server.servedRun().equals(newest) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(300); // a few answers from the newest run too
      done.set(true);
      for (Thread t : clients) {
        t.join();
      }
      assertEquals(List.of(), new ArrayList<>(problems));
      assertEquals(newest, f.server.servedRun());

      Set<String> runs = new HashSet<>();
      for (Answer a : answers) {
        runs.add(a.run());
        JsonNode rollup = ServeFixture.JSON.readTree(
            f.results.resolve("runs").resolve(a.run()).resolve("rollup.json").toFile());
        if (a.path().endsWith("footprint")) {
          assertEquals(rollup.get("footprint"), ((ObjectNode) a.data().deepCopy()).without("movement"), a.run());
        } else {
          assertEquals(rollup.get("hubs").size(), a.data().size(), a.run());
          for (int h = 0; h < a.data().size(); h++) {
            assertEquals(rollup.get("hubs").get(h), ((ObjectNode) a.data().get(h).deepCopy()).without("movement"),
                a.run());
          }
        }
      }
      assertTrue(runs.size() >= 3, "answers came from " + runs);
      System.out.printf("%d answers from runs %s during %d publishes%n", answers.size(), new java.util.TreeSet<>(runs),
          PUBLISHES);
    }
  }
}
