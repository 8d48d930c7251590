package org.strata.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium against a real server: it signs in with a token, draws the
 * footprint, the hubs' chart, movement and capacity, looks a patient up, and does all that with no console
 * error and no request anywhere but the server itself (the chart library is served, not fetched from a CDN).
 */
class DashboardBrowserTest {
  @Test
  void theDashboardRendersAndLooksAPatientUpOffline(@TempDir Path tmp) throws Exception {
    try (ServeFixture f = new ServeFixture(tmp, 6000)) {
      Path run = ServeFixture.ResultsFiles.current(f.results);
      JsonNode rollup = ServeFixture.JSON.readTree(run.resolve("rollup.json").toFile());
      String origin = "http://127.0.0.1:" + f.server.port() + "/";
      Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
      try (HeadlessChromium browser = HeadlessChromium.start(profile)) {
        browser.navigate(origin);
        browser.eval("document.getElementById('token').value = '" + ServeFixture.ADMIN + "';"
            + "document.getElementById('signin').requestSubmit(); true");
        browser.waitFor("document.querySelector('#hub-chart').dataset.rendered === '2'", 30);
        browser.waitFor("document.querySelectorAll('#capacity tr').length > 0", 10);
        assertTrue(browser.eval("document.querySelectorAll('#hub-chart canvas').length").asInt() > 0);
        String people = NumberFormat.getIntegerInstance(Locale.UK).format(rollup.get("footprint").get("total").asLong());
        String footprint = browser.eval("document.getElementById('footprint').textContent").asText();
        assertTrue(footprint.contains(people), footprint + " should show " + people + " people");
        assertEquals(rollup.get("hubs").size() + 1, browser.eval("document.querySelectorAll('#hubs tr').length").asInt());
        assertTrue(browser.eval("document.querySelectorAll('#movement tr').length").asInt() > 1, "movement rows");
        assertTrue(browser.eval("document.getElementById('served').textContent").asText()
            .contains(run.getFileName().toString()));

        String[] patient = f.patients().get(0);
        browser.eval("document.getElementById('nhs').value = '" + patient[0] + "';"
            + "document.getElementById('lookup').requestSubmit(); true");
        browser.waitFor("document.getElementById('patient-summary')", 10);
        String shown = browser.eval("document.getElementById('patient-summary').textContent").asText();
        assertTrue(shown.contains(patient[0]) && shown.contains("level" + patient[2]), shown);
        assertEquals(3, browser.eval("document.querySelectorAll('#patient-history tr').length").asInt(),
            "a header and both months");

        Path shot = Path.of("target", "dashboard.png");
        browser.screenshot(shot); // kept with the build, for a person to look at
        assertTrue(Files.size(shot) > 10_000);
        assertEquals(List.of(), browser.errors);
        for (String url : browser.requests) {
          assertTrue(url.startsWith(origin), "a request outside the server: " + url);
        }
        assertTrue(browser.requests.contains(origin + "echarts.min.js"), browser.requests.toString());
      }
    }
  }
}
