/**
 * The cockpit in a real browser (issue 6, "What must be shown"): `pilothouse serve --nodes 2`
 * with locally built busybox images, its Dashboard URL opened in Debian's headless Chromium
 * through playwright-core. Deploys a template by clicking, watches its pods come up, reads a
 * pod's logs in the terminal, runs `hostname` in an exec shell, edits the Deployment's replicas
 * in the manifest editor and sees the pod count change, and breaks a manifest to see the inline
 * error. Screenshots of every view go to `test-artifacts/dashboard/`.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServe, REPO, type ServeProcess } from './support/serve-process.js';
import { buildTestImages, clusterIdOf, docker, removeClusterContainers, type TestImages } from './support/docker-images.js';
import { buildBusyboxImage, removeImage } from '../src/main/runtime/testing/images.js';
import { eventually } from './support/in-process-cluster.js';
import { kubectlOk } from './support/kubectl.js';

const ARTIFACTS = join(REPO, 'test-artifacts/dashboard');
/** Per run, so two runs on one Docker engine (a CI check beside a developer) never remove each other's images. */
const RUN = `dashboard-${process.pid}`;
const WEB_IMAGE = `pilothouse-test/${RUN}-web:1`;
/** The web server the template deploys: says where it runs, then serves / with busybox httpd. */
const WEB_CMD = ['sh', '-c', 'mkdir -p /www && echo "hello from $(hostname)" > /www/index.html && echo "web server starting on $(hostname)" && echo "ready to serve on port 8080" && exec httpd -f -v -p 8080 -h /www'];

let images: TestImages;
let serve: ServeProcess;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let dashboardUrl: string;
/** A copy of the built renderer, so a rebuild of `out/` by someone else mid-run cannot pull lazy chunks from under the page. */
let rendererCopy: string;

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
const k = (...args: string[]) => kubectlOk(serve.kubeconfig, args);
/** A free loopback port, so a restarted serve can offer the dashboard where the page expects it. */
const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const { port } = srv.address() as { port: number };
    srv.close(() => resolve(port));
  });
});
let serveArgs: string[];

/** The text an xterm terminal shows (its rendered rows). */
const terminalText = (testId: string) => page.locator(`[data-testid=${testId}] .xterm-rows`).innerText();

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  images = await buildTestImages(RUN);
  await buildBusyboxImage(docker, WEB_IMAGE, { cmd: WEB_CMD });
  rendererCopy = mkdtempSync(join(tmpdir(), 'pilothouse-renderer-'));
  cpSync(join(REPO, 'out/renderer'), rendererCopy, { recursive: true });
  process.env.PILOTHOUSE_RENDERER_DIR = rendererCopy;
  serveArgs = ['--nodes', '2', '--sandbox-image', images.sandbox, '--addon-image', images.node, '--dashboard-port', String(await freePort())];
  serve = await startServe({ args: serveArgs, timeoutMs: 90_000 });
  dashboardUrl = await eventually(async () => /^Dashboard: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/m.exec(serve.output())?.[1], 'the Dashboard: line of pilothouse serve', 30_000);
  userDataDir = mkdtempSync(join(tmpdir(), 'pilothouse-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
}, 240_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  delete process.env.PILOTHOUSE_RENDERER_DIR;
  if (rendererCopy) rmSync(rendererCopy, { recursive: true, force: true });
  await serve?.stop();
  if (serve) await removeClusterContainers(clusterIdOf(serve.dataDir));
  serve?.cleanup();
  await removeImage(docker, WEB_IMAGE).catch(() => {});
  await images?.remove();
}, 120_000);

afterEach(async ({ task }) => {
  // A failed step leaves a picture of what the page showed.
  if (task.result?.state === 'fail' && page) await shot(`failed-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
});

describe('the dashboard in Chromium', () => {
  it('opens signed in from the Dashboard URL and shows the live cluster', async () => {
    await page.goto(dashboardUrl);
    // The token leaves the address bar as soon as the page has read it.
    await expect.poll(() => page.url()).not.toContain('token=');
    await expect.poll(() => page.getByTestId('connection').innerText()).toContain('Live');
    await expect.poll(() => page.getByTestId('nodes-card').innerText(), { timeout: 60_000 }).toContain('2/2 ready');
    await expect.poll(() => page.getByTestId('cluster-card').innerText()).toContain(serve.url);
    await shot('01-overview');
  }, 90_000);

  it('deploys the web server template by clicking and shows its pods Running', async () => {
    await page.getByRole('link', { name: 'Deploy', exact: true }).click();
    await page.locator('[data-template=web-server]').click();
    const form = page.getByTestId('deploy-form');
    await form.locator('input[name=name]').fill('web');
    await form.locator('input[name=replicas]').fill('2');
    await form.locator('input[name=image]').fill(WEB_IMAGE);
    await form.locator('input[name=port]').fill('8080');
    await shot('02-deploy-form');
    await page.getByTestId('deploy-submit').click();
    await expect.poll(() => page.getByTestId('deploy-running').innerText(), { timeout: 90_000 }).toBe('2/2 running');
    await expect.poll(() => page.getByTestId('deploy-links').innerText(), { timeout: 30_000 }).toMatch(/Open it: 127\.0\.0\.1:\d+/);
    await shot('03-deploy-progress');
    const pods = JSON.parse(await k('get', 'pods', '-l', 'app=web', '-o', 'json')).items as { status: { phase: string } }[];
    expect(pods.map((p) => p.status.phase)).toEqual(['Running', 'Running']);
  }, 120_000);

  it('lists the pods and nodes live, and explains where a pod landed', async () => {
    await page.getByRole('link', { name: 'Pods', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Filter' }).fill('web-');
    await expect.poll(() => page.getByTestId('list-count').innerText()).toMatch(/^2 of \d+$/);
    await expect.poll(() => page.locator('.vrow', { hasText: 'Running' }).count()).toBe(2);
    await shot('04-pods');
    await page.getByRole('link', { name: 'Nodes', exact: true }).click();
    await expect.poll(() => page.locator('.vrow').count()).toBe(2);
    await shot('05-nodes');
    await page.locator('.vrow a').first().click();
    await expect.poll(() => page.locator('h1').innerText()).toMatch(/^Node /);
    await shot('06-node-detail');

    await page.getByRole('link', { name: 'Pods', exact: true }).click();
    await page.locator('.vrow a', { hasText: 'web-' }).first().click();
    await expect.poll(() => page.getByTestId('pod-status').innerText()).toBe('Running');
    await expect.poll(() => page.getByTestId('scheduling-decision').innerText()).toMatch(/Scheduled on node-\d/);
    await shot('07-pod-detail');
  }, 60_000);

  it("shows a pod's logs in the terminal and finds text in them", async () => {
    await page.getByTestId('open-logs').click();
    await expect.poll(() => terminalText('log-terminal'), { timeout: 30_000 }).toContain('web server starting on web-');
    await page.getByTestId('log-search').fill('ready to serve');
    await expect.poll(() => page.getByTestId('log-search-results').innerText()).toBe('1/1');
    await shot('08-logs');
  }, 60_000);

  it('shows the logs of every pod of the Deployment, prefixed by pod', async () => {
    await page.goto(`${dashboardUrl.split('#')[0]}#/logs?namespace=default&owner=Deployment/web`);
    const pods = (await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}')).trim().split(/\s+/);
    for (const pod of pods) await expect.poll(() => terminalText('log-terminal'), { timeout: 30_000 }).toContain(`[${pod}] web server starting on ${pod}`);
    await shot('09-logs-deployment');
  }, 60_000);

  it('runs hostname in an exec shell whose TTY follows the window size', async () => {
    const pod = (await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')).trim();
    await page.goto(`${dashboardUrl.split('#')[0]}#/pods/default/${pod}`);
    await page.getByTestId('open-shell').click();
    await expect.poll(() => page.getByTestId('exec-state').innerText(), { timeout: 30_000 }).toBe('running');
    await page.getByTestId('exec-terminal').click();
    await page.keyboard.type('hostname\n');
    // The command echoed by the TTY, then its output on a line of its own.
    await expect.poll(async () => (await terminalText('exec-terminal')).split('\n').map((l) => l.trim()), { timeout: 20_000 }).toContain(pod);
    await shot('10-exec');
    // The TTY follows the terminal's size: a smaller window, fewer rows and columns.
    const sizes = async () => (await terminalText('exec-terminal')).split('\n').map((l) => l.trim()).filter((l) => /^\d+ \d+$/.test(l));
    await page.keyboard.type('clear; stty size\n');
    await expect.poll(sizes, { timeout: 20_000 }).toHaveLength(1);
    const [before] = await sizes();
    await page.setViewportSize({ width: 1000, height: 600 });
    await page.waitForTimeout(300);
    await page.keyboard.type('stty size\n');
    await expect.poll(sizes, { timeout: 20_000 }).toHaveLength(2);
    const [rowsBefore, colsBefore] = before.split(' ').map(Number);
    const [rowsAfter, colsAfter] = (await sizes())[1].split(' ').map(Number);
    expect(rowsAfter).toBeLessThan(rowsBefore);
    expect(colsAfter).toBeLessThan(colsBefore);
    await page.setViewportSize({ width: 1400, height: 900 });
  }, 60_000);

  it("edits the Deployment's replicas in the editor and sees the pod count change", async () => {
    await page.goto(`${dashboardUrl.split('#')[0]}#/deployments/default/web`);
    await expect.poll(() => page.getByTestId('deployment-pod-count').innerText()).toBe('2');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const replicasLine = page.locator('.cm-line', { hasText: /^\s*replicas: 2$/ }).first();
    await replicasLine.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('3');
    await expect.poll(() => page.getByTestId('problem-count').innerText()).toBe('no problems found');
    await page.getByTestId('diff').click();
    await expect.poll(() => page.getByTestId('manifest-diff').locator('.cm-changedLine').allInnerTexts(), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringContaining('replicas: 3')]));
    await page.getByTestId('manifest-diff').scrollIntoViewIfNeeded();
    await shot('11a-editor-diff');
    await page.getByTestId('apply').click();
    await expect.poll(() => page.getByTestId('apply-results').innerText()).toContain('configured Deployment default/web');
    await shot('11-editor-applied');
    await page.goto(`${dashboardUrl.split('#')[0]}#/deployments/default/web`);
    await expect.poll(() => page.getByTestId('deployment-pod-count').innerText(), { timeout: 60_000 }).toBe('3');
    await expect.poll(() => page.getByTestId('deployment-ready').innerText(), { timeout: 90_000 }).toBe('3/3 ready');
    await shot('12-deployment-scaled');
  }, 150_000);

  it('completes fields from the schema, shows a broken manifest inline before sending, and the API server error at its line', async () => {
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const replicasLine = page.locator('.cm-line', { hasText: /^\s*replicas: 3$/ }).first();
    await replicasLine.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('minRea');
    await expect.poll(() => page.locator('.cm-tooltip-autocomplete').innerText()).toContain('minReadySeconds');
    await shot('13a-editor-completion');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1');
    await expect.poll(() => page.locator('.cm-line', { hasText: /^\s*minReadySeconds: 1$/ }).count()).toBe(1);
    await replicasLine.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('three');
    await expect.poll(() => page.getByTestId('problem-count').innerText()).toBe('1 problem(s)');
    await expect.poll(() => page.locator('.cm-lintRange-error').first().innerText()).toBe('three');
    await page.locator('.cm-lintRange-error').first().hover();
    await expect.poll(() => page.locator('.cm-tooltip-lint').innerText()).toContain('spec.replicas: expected an integer');
    await shot('13-editor-inline-error');

    // Syntactically fine and schema-valid, but the API server refuses it: its message lands on the line.
    await page.keyboard.press('End');
    for (let i = 0; i < 'three'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('-1');
    await page.getByTestId('dry-run').click();
    await expect.poll(() => page.getByTestId('apply-results').innerText()).toContain('failed');
    await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    const errorLine = await page.locator('.cm-line', { has: page.locator('.cm-lintRange-error') }).first().innerText();
    expect(errorLine.trim()).toBe('replicas: -1');
    await shot('14-editor-server-error');
    expect((await k('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}')).trim()).toBe('3');
  }, 60_000);

  it('restarts the Deployment and rolls it back from its page', async () => {
    await page.goto(`${dashboardUrl.split('#')[0]}#/deployments/default/web`);
    const revisions = () => page.locator('h2:has-text("ReplicaSets") + table tr td:first-child').allInnerTexts();
    await expect.poll(revisions).toEqual(['1']);
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await expect.poll(revisions, { timeout: 30_000 }).toEqual(['2', '1']);
    await expect.poll(() => page.getByTestId('deployment-ready').innerText(), { timeout: 120_000 }).toBe('3/3 ready');
    await page.getByRole('button', { name: 'Roll back', exact: true }).click();
    await page.getByRole('button', { name: 'Roll back web?' }).click();
    await expect.poll(() => page.getByTestId('notice').allInnerTexts()).toContainEqual(expect.stringContaining('rolled back to revision 1'));
    // Upstream renumbers the restored template: revision 1 comes back as 3.
    await expect.poll(revisions, { timeout: 30_000 }).toEqual(['3', '2']);
    await shot('12a-deployment-rolled-back');
    await expect.poll(() => page.getByTestId('deployment-ready').innerText(), { timeout: 120_000 }).toBe('3/3 ready');
  }, 300_000);

  it("opens the web Service in the browser from its link and gets the pods' page", async () => {
    await page.goto(`${dashboardUrl.split('#')[0]}#/services`);
    const link = page.locator('.vrow', { hasText: 'NodePort' }).locator('a', { hasText: '127.0.0.1:' });
    await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1);
    const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await expect.poll(async () => (await popup.reload().then(() => popup.locator('body').innerText()).catch((e: Error) => e.message)), { timeout: 30_000 }).toMatch(/^hello from web-/);
    await popup.close();
  }, 60_000);

  it("forwards a local port to a pod's container port from its page, opens it, and stops it", async () => {
    const pod = (await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')).trim();
    await page.goto(`${dashboardUrl.split('#')[0]}#/pods/default/${pod}`);
    await page.getByRole('button', { name: 'Forward 8080' }).first().click();
    const link = page.locator('a', { hasText: /^127\.0\.0\.1:\d+/ }).first();
    await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1);
    await shot('16a-pod-port-forward');
    const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await expect.poll(async () => (await popup.reload().then(() => popup.locator('body').innerText()).catch((e: Error) => e.message)), { timeout: 30_000 }).toBe(`hello from ${pod}`);
    await popup.close();
    await page.getByRole('button', { name: 'stop' }).first().click();
    await expect.poll(() => page.locator('a', { hasText: /^127\.0\.0\.1:\d+/ }).count(), { timeout: 10_000 }).toBe(0);
  }, 60_000);

  it('renders the remaining views', async () => {
    const base = dashboardUrl.split('#')[0];
    for (const [path, name, text] of [
      ['/deployments', '15-deployments', 'web'],
      ['/services', '16-services', 'web'],
      ['/events', '17-events', 'Scheduled'],
      ['/addons', '18-addons', 'dns'],
      ['/configmaps', '19-configmaps', 'kube-root-ca.crt'],
      ['/secrets', '20-secrets', 'Secrets'],
      ['/replicasets', '21-replicasets', 'web-'],
    ] as const) {
      await page.goto(`${base}#${path}`);
      await expect.poll(() => page.locator('main').innerText()).toContain(text);
      if (path === '/configmaps') await page.locator('li', { hasText: 'kube-root-ca.crt' }).first().click();
      await shot(name);
    }
    await page.getByTestId('theme-toggle').click();
    await page.goto(`${base}#/`);
    await shot('22-overview-other-theme');
    await page.keyboard.press('Control+k');
    await page.getByTestId('command-palette').locator('input').fill('web');
    await shot('23-command-palette');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('command-palette').count()).toBe(0);
  }, 90_000);

  it('adds a simulated node, cordons it, kills it and watches the node controller react, then starts it again', async () => {
    await page.goto(dashboardUrl);
    await page.getByRole('link', { name: 'Nodes', exact: true }).click();
    await page.getByRole('button', { name: '+ Add node' }).click();
    await page.getByRole('button', { name: 'Add node', exact: true }).click();
    const added = await eventually(async () => /Node (\S+) added/.exec(await page.getByTestId('notice').allInnerTexts().then((t) => t.join('\n')))?.[1], 'the added node', 20_000);
    await expect.poll(() => page.locator('.vrow').count(), { timeout: 60_000 }).toBe(3);
    await page.locator('.vrow a', { hasText: added }).click();
    await expect.poll(() => page.locator('h1 + span').innerText(), { timeout: 60_000 }).toBe('Ready');
    await page.getByRole('button', { name: 'Cordon' }).click();
    await expect.poll(() => page.locator('h1 + span').innerText()).toBe('Ready,SchedulingDisabled');
    await page.getByRole('button', { name: 'Kill node' }).click();
    await page.getByRole('button', { name: `Kill ${added} and its containers?` }).click();
    await expect.poll(() => page.getByTestId('notice').allInnerTexts()).toContainEqual(expect.stringContaining(`${added} is killed`));
    // Every window sees the injected fault through the nodes watch.
    await expect.poll(() => page.getByTestId('node-fault').innerText()).toBe('killed (injected fault)');
    // No more heartbeats: the node controller marks the node lost after its grace period.
    await expect.poll(() => page.locator('h1 + span').innerText(), { timeout: 120_000, interval: 1000 }).toMatch(/^(Unknown|NotReady)/);
    await shot('24-node-killed');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.locator('h1 + span').innerText(), { timeout: 60_000, interval: 1000 }).toBe('Ready,SchedulingDisabled');
    expect(await page.getByTestId('node-fault').count()).toBe(0);
    await page.getByRole('button', { name: 'Uncordon' }).click();
    await expect.poll(() => page.locator('h1 + span').innerText()).toBe('Ready');
  }, 240_000);

  it('says Reconnecting while the server is down and is live again, with whole lists, once it is back', async () => {
    await page.goto(`${dashboardUrl.split('#')[0]}#/pods`);
    await expect.poll(() => page.getByTestId('connection').innerText()).toContain('Live');
    const dataDir = serve.dataDir;
    await serve.stop();
    await expect.poll(() => page.getByTestId('connection').innerText(), { timeout: 20_000 }).toContain('Reconnecting');
    await expect.poll(() => page.getByTestId('stale-banner').count()).toBe(1);
    await shot('25-reconnecting');
    serve = await startServe({ dataDir, args: serveArgs, timeoutMs: 90_000 });
    await expect.poll(() => page.getByTestId('connection').innerText(), { timeout: 60_000 }).toContain('Live');
    expect(await page.getByTestId('stale-banner').count()).toBe(0);
    // The watches were re-established with a fresh list: the pods are all there, Running.
    await page.getByRole('searchbox', { name: 'Filter' }).fill('web-');
    await expect.poll(() => page.locator('.vrow', { hasText: 'Running' }).count(), { timeout: 60_000 }).toBe(3);
    await shot('26-live-again');
  }, 180_000);

  it('deletes the Deployment after asking once more, and its pods go', async () => {
    await page.goto(`${dashboardUrl.split('#')[0]}#/deployments/default/web`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete web?' }).click();
    await expect.poll(() => page.getByText('This Deployment no longer exists.').count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole('link', { name: 'Pods', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Filter' }).fill('web-');
    await expect.poll(() => page.locator('.vrow').count(), { timeout: 60_000 }).toBe(0);
  }, 90_000);
});
