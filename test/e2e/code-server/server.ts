// A private code-server (a real VS Code: server, extension host, web workbench) for the e2e suite.
// Everything it writes goes under one temp folder: HOME, XDG_*, TMPDIR, its user-data and extensions
// folders and its config all point there. It binds to 127.0.0.1 only and looks up no marketplace.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Tools {
  /** Node 24 (code-server refuses older ones). */
  node24: string;
  /** code-server's out/node/entry.js. */
  codeServerEntry: string;
  chromium: string;
}

/** The tools scripts/e2e/run.mjs installed (it passes them in the environment). */
export function toolsFromEnv(): Tools | undefined {
  const { E2E_NODE24, E2E_CODE_SERVER, E2E_CHROMIUM } = process.env;
  if (!E2E_NODE24 || !E2E_CODE_SERVER || !E2E_CHROMIUM) return undefined;
  return { node24: E2E_NODE24, codeServerEntry: E2E_CODE_SERVER, chromium: E2E_CHROMIUM };
}

/** User settings: a quiet workbench (no welcome page, tips, chat, git scanning or update checks). */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'github.gitAuthentication': false,
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.cursorBlinking': 'solid',
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
};

export class CodeServer {
  private exited = false;
  private exitCode: number | null = null;

  private constructor(
    readonly dir: string,
    readonly env: NodeJS.ProcessEnv,
    readonly tools: Tools,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
    readonly origin: string,
  ) {
    child.on('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
    });
  }

  /** Installs `vsix`, starts the server and waits until it listens. */
  static async start(options: { tools: Tools; vsix: string; dir: string; timeoutMs?: number; extraArgs?: string[] }): Promise<CodeServer> {
    const { tools, vsix, dir } = options;
    const sub = (name: string) => {
      const p = path.join(dir, name);
      mkdirSync(p, { recursive: true });
      return p;
    };
    const home = sub('home');
    const userDataDir = sub('user-data');
    const extensionsDir = sub('extensions');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      LANG: 'C.UTF-8',
      HOME: home,
      XDG_CONFIG_HOME: sub('home/.config'),
      XDG_DATA_HOME: sub('home/.local/share'),
      XDG_CACHE_HOME: sub('home/.cache'),
      XDG_STATE_HOME: sub('home/.local/state'),
      XDG_RUNTIME_DIR: sub('run'),
      TMPDIR: sub('tmp'),
      // An empty gallery: no marketplace look-ups.
      EXTENSIONS_GALLERY: '{}',
      // The extension host must not inherit npm's or mocha's settings.
      NODE_OPTIONS: '',
    };
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));

    const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    const install = spawnSync(tools.node24, [tools.codeServerEntry, ...common, '--install-extension', vsix, '--force'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (install.status !== 0 || !/was successfully installed/.test(install.stdout + install.stderr)) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
    }

    const logFile = path.join(dir, 'code-server.log');
    const out = openSync(logFile, 'a');
    const child = spawn(
      tools.node24,
      [
        tools.codeServerEntry,
        ...common,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--disable-proxy',
        '--ignore-last-opened',
        '--reconnection-grace-time', '10',
        '--log', 'trace',
        ...(options.extraArgs ?? []),
      ],
      // Own process group, so stop() ends code-server and everything it started (extension hosts, servers).
      { env, detached: true, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    const server = await waitFor(
      () => {
        const log = readFileSync(logFile, 'utf8');
        const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
        if (match) return new CodeServer(dir, env, tools, userDataDir, extensionsDir, logFile, child, match[1]);
        if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}) before listening:\n${log}`);
        return undefined;
      },
      options.timeoutMs ?? 30_000,
      'code-server to listen',
    ).catch((error) => {
      killGroup(child);
      throw error;
    });
    stopOnExit.add(server);
    return server;
  }

  /** Where the installed extension `id` lives (`<extensions-dir>/<id>-<version>`). */
  installedExtension(id: string): string {
    const name = readdirSync(this.extensionsDir).find((n) => n.toLowerCase().startsWith(`${id.toLowerCase()}-`));
    if (!name) throw new Error(`${id} is not installed in ${this.extensionsDir}`);
    return path.join(this.extensionsDir, name);
  }

  /**
   * A `?payload=` query that makes a window run extension tests in its (remote) extension host, as
   * `--extensionDevelopmentPath`/`--extensionTestsPath` do on the desktop. code-server honours it when
   * started with `--vscode-option enable-smoke-test-driver`.
   */
  extensionTestsQuery(developmentPath: string, testsPath: string, env: Record<string, string>): string {
    const authority = new URL(this.origin).host;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${developmentPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${testsPath}`],
      ['extensionEnvironment', JSON.stringify(env)],
    ];
    return `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }

  /** The workbench URL for a folder. */
  url(folder: string): string {
    return `${this.origin}/?folder=${encodeURIComponent(folder)}`;
  }

  /** `<user-data-dir>/logs/<session>/`: the newest session folder. */
  logsDir(): string | undefined {
    const logs = path.join(this.userDataDir, 'logs');
    if (!existsSync(logs)) return undefined;
    const sessions = readdirSync(logs).sort();
    return sessions.length ? path.join(logs, sessions[sessions.length - 1]) : undefined;
  }

  /** Extension host log folders (`exthost1`, `exthost2`, ...), one per window, oldest first. */
  extensionHostDirs(): string[] {
    const logs = this.logsDir();
    if (!logs) return [];
    return readdirSync(logs)
      .filter((name) => /^exthost\d+$/.test(name))
      .sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)))
      .map((name) => path.join(logs, name));
  }

  get running(): boolean {
    return !this.exited;
  }

  describeExit(): string {
    return this.exited ? `code-server exited with ${this.exitCode}` : 'code-server running';
  }

  /** Stops code-server and its whole process group; waits up to 5 s, then kills. */
  async stop(): Promise<void> {
    stopOnExit.delete(this);
    if (this.exited) return;
    signalGroup(this.child, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (!this.exited && Date.now() < deadline) await sleep(100);
    killGroup(this.child);
  }

  killNow(): void {
    killGroup(this.child);
  }
}

const stopOnExit = new Set<CodeServer>();
// Whatever happens to the test process, never leave a code-server behind.
process.on('exit', () => {
  for (const server of stopOnExit) server.killNow();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const server of stopOnExit) server.killNow();
    process.exit(130);
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function killGroup(child: ChildProcess): void {
  signalGroup(child, 'SIGKILL');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value (not undefined) or throws; fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
