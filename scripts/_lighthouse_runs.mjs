// Lighthouse runs for scripts/lighthouse, one Node process for all of them.
//
// Reads one job per line on stdin, {"url", "cookie" (or null), "cpuSlowdown"}, and answers each
// with one line on stdout: Lighthouse's report (its JSON result, as `lighthouse --output=json`
// prints it), or {"error": "..."} when the page could not be measured. Every run has a Chromium
// of its own, started with a new profile and stopped after the run, as Lighthouse's command
// line does. The command line, started once per run, took about 10 s a run here where this
// takes about 5.5 s (docs/performance.md).
import { createInterface } from "node:readline";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--lang=nb-NO"];

async function run({ url, cookie, cpuSlowdown }) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH,
    chromeFlags: CHROME_FLAGS,
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "seo"],
      // Not scored in any category; its gathering took a second of each run.
      disableFullPageScreenshot: true,
      // The back/forward cache check, a performance diagnostic of weight 0 (no score moves):
      // its gathering navigates away and back, about 0.3 s of each run.
      skipAudits: ["bf-cache"],
      throttling: { cpuSlowdownMultiplier: cpuSlowdown },
      extraHeaders: cookie ? { Cookie: cookie } : undefined,
    });
    if (!result) {
      return { error: "Lighthouse returned no result" };
    }
    if (result.lhr.runtimeError) {
      return { error: result.lhr.runtimeError.message };
    }
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  let answer;
  try {
    answer = await run(JSON.parse(line));
  } catch (error) {
    answer = { error: String(error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
process.exit(0);
