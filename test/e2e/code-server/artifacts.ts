// What a failed e2e test leaves behind: a screenshot, the extension host log, the extension's output
// channel, code-server's log and the browser console, copied into .e2e/artifacts/<test>/.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../scenarios';
import type { CodeServer } from './server';
import type { Workbench } from './workbench';

export const ARTIFACTS = path.join(ROOT, '.e2e', 'artifacts');

export function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 70).replace(/^-|-$/g, '') || 'test';
}

/** Saves everything needed to see why `title` failed and prints where it went. */
export async function saveArtifacts(title: string, server: CodeServer | undefined, workbench: Workbench | undefined): Promise<string> {
  const dir = path.join(ARTIFACTS, slug(title));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const saved: string[] = [];
  const note = (file: string) => saved.push(path.relative(ROOT, file));

  if (workbench) {
    const shot = path.join(dir, 'screenshot.png');
    try {
      await workbench.screenshot(shot);
      note(shot);
    } catch (error) {
      writeFileSync(path.join(dir, 'screenshot-failed.txt'), String(error));
    }
    const consoleLog = path.join(dir, 'browser-console.log');
    writeFileSync(consoleLog, workbench.console.join('\n') + '\n');
    note(consoleLog);
  }
  if (server) {
    const serverLog = path.join(dir, 'code-server.log');
    if (existsSync(server.logFile)) {
      copyFileSync(server.logFile, serverLog);
      note(serverLog);
    }
    // Every window's extension host: remoteexthost.log (activation and its errors) and each extension's
    // output channels, among them safety-specs.safety-specs/Safety Specs.log.
    for (const exthost of server.extensionHostDirs()) {
      const target = path.join(dir, path.basename(exthost));
      cpSync(exthost, target, { recursive: true });
      for (const file of listFiles(target)) {
        if (/remoteexthost\.log$/.test(file) || file.includes('safety-specs.safety-specs')) note(file);
      }
    }
    const logs = server.logsDir();
    if (logs && existsSync(path.join(logs, 'remoteagent.log'))) {
      copyFileSync(path.join(logs, 'remoteagent.log'), path.join(dir, 'remoteagent.log'));
      note(path.join(dir, 'remoteagent.log'));
    }
  }
  console.log(`      e2e artifacts for "${title}":\n${saved.map((f) => `        ${f}`).join('\n')}`);
  return dir;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}
