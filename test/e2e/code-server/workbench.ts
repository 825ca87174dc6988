// Drives one VS Code window (code-server's web workbench) through its UI, as a person would:
// keyboard shortcuts, the command palette, the Problems panel, hovers, the suggest widget.
// Every wait has a timeout; failures say what was on screen instead.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CodeServer, sleep, waitFor } from './server';

export type Severity = 'error' | 'warning' | 'info';

export interface ProblemRow {
  file: string;
  severity: Severity | 'hint';
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
  /** The marker's related information: the child rows the panel shows under it when expanded. */
  related: RelatedRow[];
}

/** A related-information row of the Problems panel ("safety-slos.yaml[Ln 12, Col 11]: message"). */
export interface RelatedRow {
  /** The file's base name, as the row shows it. */
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface EditorLine {
  line: number;
  text: string;
  squiggles: Severity[];
}

/** The Problems panel has more rows than it shows (its list renders only the rows in view). */
export class ProblemsOverflow extends Error {
  constructor(detail: string) {
    super(`The Problems panel does not show every row (${detail}): it must show fewer problems`);
  }
}

/** The platform's modifier for shortcuts (code-server runs in Linux Chromium here). */
const TIMEOUT = 15_000;

export class Workbench {
  readonly console: string[] = [];

  private constructor(
    readonly page: Page,
    readonly server: CodeServer,
    readonly folder: string,
    /** This window's extension host log folder (`<logs>/exthostN`). */
    readonly extensionHostDir: string,
  ) {}

  /** Opens `folder` in a new browser tab and waits for the workbench and its extension host. */
  static async open(context: BrowserContext, server: CodeServer, folder: string, query = ''): Promise<Workbench> {
    const before = new Set(server.extensionHostDirs());
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.stack ?? e.message}`));
    await page.goto(server.url(folder) + query, { timeout: 30_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const exthost = await waitFor(
      () => server.extensionHostDirs().find((dir) => !before.has(dir) && readdirSync(dir).includes('remoteexthost.log')),
      30_000,
      'the window\'s extension host to start (a new <logs>/exthostN/remoteexthost.log)',
    );
    const workbench = new Workbench(page, server, folder, exthost);
    workbench.console.push(...consoleLines);
    page.on('console', (m) => workbench.console.push(`[${m.type()}] ${m.text()}`));
    // The explorer shows the folder once the workspace is loaded.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 30_000 });
    return workbench;
  }

  get remoteExtHostLog(): string {
    return path.join(this.extensionHostDir, 'remoteexthost.log');
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }

  // ---- commands and navigation ------------------------------------------------------------------------

  /** Runs a command from the command palette by its full label (e.g. "View: Close All Editors"). */
  async command(label: string): Promise<void> {
    await this.dismissWidgets();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: TIMEOUT }).catch(async () => {
      throw new Error(`Command "${label}" not in the command palette; it shows: ${await this.quickInputRows()}`);
    });
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  private async quickInputRows(): Promise<string> {
    return (await this.page.locator('.quick-input-widget .monaco-list-row').allTextContents()).slice(0, 10).join(' | ') || '(nothing)';
  }

  /** Opens a file of the workspace with Quick Open (Ctrl+P) and waits until its editor is active. */
  async openFile(relativePath: string): Promise<void> {
    await this.dismissWidgets();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(relativePath);
    const name = path.basename(relativePath);
    const dir = path.dirname(relativePath);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).filter({ hasText: dir }).first();
    await row.waitFor({ timeout: TIMEOUT }).catch(async () => {
      throw new Error(`Quick Open did not find ${relativePath}; it shows: ${await this.quickInputRows()}`);
    });
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
    await this.activeTab(name);
    await this.editor().locator('.view-line').first().waitFor({ timeout: TIMEOUT });
  }

  /** Waits until the active editor tab is `name`. */
  async activeTab(name: string): Promise<void> {
    await this.page
      .locator('.tabs-container .tab.active', { hasText: name })
      .waitFor({ timeout: TIMEOUT })
      .catch(async () => {
        throw new Error(`The active tab is not ${name}; tabs: ${(await this.page.locator('.tabs-container .tab').allTextContents()).join(' | ')}`);
      });
  }

  /** The active editor (code editor in the focused group). */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor[data-uri]').first();
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based. */
  async goTo(line: number, column: number): Promise<void> {
    await this.dismissWidgets();
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
    await waitFor(async () => ((await this.cursor())?.line === line ? true : undefined), TIMEOUT, `the cursor at line ${line}`);
  }

  /** The cursor position from the status bar ("Ln 21, Col 13"). */
  async cursor(): Promise<{ line: number; column: number } | undefined> {
    const text = (await this.page.locator('#status\\.editor\\.selection').textContent().catch(() => '')) ?? '';
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  }

  /** The selection from the status bar: "Ln 12, Col 24 (13 selected)" is the cursor and the selection's length. */
  async selection(): Promise<{ line: number; column: number; selected: number } | undefined> {
    const text = (await this.page.locator('#status\\.editor\\.selection').textContent().catch(() => '')) ?? '';
    const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
    return m ? { line: Number(m[1]), column: Number(m[2]), selected: Number(m[3] ?? 0) } : undefined;
  }

  async focusEditor(): Promise<void> {
    await this.command('View: Focus Active Editor Group').catch(async () => {
      await this.editor().locator('.view-lines').click({ position: { x: 5, y: 5 } });
    });
  }

  /** Closes hovers, suggest widgets, menus and quick inputs. */
  async dismissWidgets(): Promise<void> {
    for (let i = 0; i < 2; i++) {
      const open = await this.page
        .locator('.quick-input-widget:visible, .suggest-widget.visible, .action-widget:visible, .monaco-hover:not(.hidden):visible, .context-view:visible')
        .count();
      if (open === 0) return;
      await this.page.keyboard.press('Escape');
      await sleep(100);
    }
  }

  // ---- editor contents --------------------------------------------------------------------------------

  /** The lines the active editor renders now, with their squiggles. */
  async visibleLines(): Promise<EditorLine[]> {
    return this.editor().evaluate((editor) => {
      const byTop = new Map<string, number>();
      for (const div of Array.from(editor.querySelectorAll('.margin-view-overlays > div')) as HTMLElementLike[]) {
        const number = div.querySelector('.line-numbers')?.textContent;
        if (number && /^\d+$/.test(number.trim())) byTop.set(div.style.top, Number(number.trim()));
      }
      const lines = new Map<number, { line: number; text: string; squiggles: string[] }>();
      for (const div of Array.from(editor.querySelectorAll('.view-lines > .view-line')) as HTMLElementLike[]) {
        const line = byTop.get(div.style.top);
        if (line !== undefined) lines.set(line, { line, text: (div.textContent ?? '').replace(/\u00a0/g, ' '), squiggles: [] });
      }
      for (const div of Array.from(editor.querySelectorAll('.view-overlays > div')) as HTMLElementLike[]) {
        const line = byTop.get(div.style.top);
        const entry = line === undefined ? undefined : lines.get(line);
        if (!entry) continue;
        for (const s of Array.from(div.querySelectorAll('[class*="squiggly-"]')) as HTMLElementLike[]) {
          const m = /squiggly-(error|warning|info)\b/.exec(s.className);
          if (m) entry.squiggles.push(m[1]);
        }
      }
      return [...lines.values()].sort((a, b) => a.line - b.line);
    }) as Promise<EditorLine[]>;
  }

  /** Every line of the active editor, scrolling through it, with its squiggles. */
  async allLines(lineCount: number): Promise<EditorLine[]> {
    const seen = new Map<number, EditorLine>();
    await this.goTo(1, 1);
    for (let guard = 0; guard < 50 && seen.size < lineCount; guard++) {
      await sleep(150);
      for (const line of await this.visibleLines()) seen.set(line.line, line);
      if (seen.has(lineCount)) break;
      const last = Math.max(...seen.keys());
      await this.goTo(Math.min(lineCount, last + 15), 1);
    }
    return [...seen.values()].sort((a, b) => a.line - b.line);
  }

  async lineText(line: number): Promise<string | undefined> {
    return (await this.visibleLines()).find((l) => l.line === line)?.text;
  }

  /** Screen coordinates of a 1-based position in the active editor (the line must be visible). */
  async pointAt(line: number, column: number): Promise<{ x: number; y: number }> {
    const point = await this.editor().evaluate(
      (editor, { line, column }) => {
        let top: string | undefined;
        for (const div of Array.from(editor.querySelectorAll('.margin-view-overlays > div')) as HTMLElementLike[]) {
          if (div.querySelector('.line-numbers')?.textContent?.trim() === String(line)) top = div.style.top;
        }
        const view = (Array.from(editor.querySelectorAll('.view-lines > .view-line')) as HTMLElementLike[]).find((d) => d.style.top === top);
        if (!view) return undefined;
        // Walk the text nodes to the character at `column`.
        const doc = view.ownerDocument;
        const walker = doc.createTreeWalker(view, 4 /* NodeFilter.SHOW_TEXT */);
        let remaining = column - 1;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = node.textContent?.length ?? 0;
          if (remaining < length) {
            const range = doc.createRange();
            range.setStart(node, remaining);
            range.setEnd(node, remaining + 1);
            const rect = range.getBoundingClientRect();
            return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
          }
          remaining -= length;
        }
        return undefined;
      },
      { line, column },
    );
    if (!point) throw new Error(`Line ${line}, column ${column} is not rendered in the editor`);
    return point;
  }

  // ---- Problems panel ---------------------------------------------------------------------------------

  async showProblems(): Promise<void> {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.command('View: Focus Problems (Errors, Warnings, Infos)').catch(() => this.command('Problems: Focus on Problems View'));
    }
    await this.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: TIMEOUT });
    // Back to the editor, so typing goes there.
    await this.focusEditor();
  }

  /**
   * The rows of the Problems panel (the panel must be visible), each marker with the related-information
   * rows rendered under it. Throws a ProblemsOverflow when the panel's list is taller than its viewport:
   * the list renders only the rows in view, so what it shows would not be everything.
   */
  async problems(): Promise<ProblemRow[]> {
    const { rows, overflow } = (await this.page.locator('.markers-panel .monaco-list').first().evaluate((list) => {
      const out: Record<string, string>[] = [];
      let file = '';
      const rows = (Array.from(list.querySelectorAll('.monaco-list-row')) as HTMLElementLike[]).sort(
        (a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')),
      );
      for (const row of rows) {
        const related = row.querySelector('.related-info-resource');
        if (related) {
          out.push({
            kind: 'related',
            file: related.textContent ?? '',
            message: row.querySelector('.marker-description')?.textContent ?? '',
            position: row.querySelector('.marker-line')?.textContent ?? '',
          });
          continue;
        }
        const icon = row.querySelector('.marker-icon');
        if (!icon) {
          const name = row.querySelector('.label-name')?.textContent;
          if (name && row.getAttribute('aria-level') === '1') file = name;
          continue;
        }
        const severity = /\b(error|warning|info|hint)\b/.exec(icon.className)?.[1] ?? 'unknown';
        out.push({
          kind: 'marker',
          file,
          severity,
          message: row.querySelector('.marker-message')?.textContent ?? '',
          source: row.querySelector('.marker-source')?.textContent ?? '',
          code: row.querySelector('.marker-code')?.textContent ?? '',
          position: row.querySelector('.marker-line')?.textContent ?? '',
        });
      }
      // The rows container is as tall as every row; the scrollable element around it is the viewport.
      const content = list.querySelector('.monaco-list-rows') as (HTMLElementLike & { offsetHeight: number }) | null;
      const viewport = list.querySelector('.monaco-scrollable-element') as (HTMLElementLike & { clientHeight: number }) | null;
      const overflow = content && viewport && content.offsetHeight > viewport.clientHeight + 1 ? `${content.offsetHeight} px of rows in a ${viewport.clientHeight} px list` : '';
      return { rows: out, overflow };
    })) as { rows: Record<string, string>[]; overflow: string };
    if (overflow) throw new ProblemsOverflow(overflow);
    const at = (position: string) => {
      const m = /Ln (\d+), Col (\d+)/.exec(position);
      return { line: m ? Number(m[1]) : 0, column: m ? Number(m[2]) : 0 };
    };
    const markers: ProblemRow[] = [];
    for (const r of rows) {
      if (r.kind === 'related') {
        markers[markers.length - 1]?.related.push({ file: r.file, message: r.message, ...at(r.position) });
        continue;
      }
      markers.push({
        file: r.file,
        severity: r.severity as ProblemRow['severity'],
        message: r.message,
        source: r.source,
        code: r.code,
        ...at(r.position),
        related: [],
      });
    }
    return markers;
  }

  /** The total the Problems panel announces ("Showing 8 problems"), or 0 when it shows none. */
  async problemCount(): Promise<number> {
    const label = (await this.page.locator('#markers-panel-arialabel').getAttribute('aria-label', { timeout: TIMEOUT }).catch(() => '')) ?? '';
    const m = /Showing (\d+)/.exec(label);
    return m ? Number(m[1]) : 0;
  }

  // ---- hovers, completion, code actions, outline, status ------------------------------------------------

  /** Moves the mouse over a position and returns the hover's text once it contains every `expect`. */
  async hover(line: number, column: number): Promise<Locator> {
    await this.dismissWidgets();
    const { x, y } = await this.pointAt(line, column);
    await this.page.mouse.move(x - 40, y + 60);
    await sleep(100);
    await this.page.mouse.move(x, y, { steps: 4 });
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible', timeout: TIMEOUT }).catch(() => {
      throw new Error(`No hover appeared at line ${line}, column ${column}`);
    });
    return hover;
  }

  /** Triggers completion (Ctrl+Space) and returns the suggestions' labels. */
  async completions(): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    const widget = this.page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: TIMEOUT }).catch(() => {
      throw new Error('No completion list appeared after Ctrl+Space');
    });
    await widget.locator('.monaco-list-row').first().waitFor({ timeout: TIMEOUT });
    await sleep(300);
    return widget.locator('.monaco-list-row .label-name').allTextContents();
  }

  /** Opens the Quick Fix menu (Ctrl+.) at the cursor and returns its item titles. */
  async quickFixMenu(): Promise<Locator> {
    const menu = this.page.locator('.action-widget').first();
    // Code actions are computed after the cursor moves; ask again until the menu has them.
    await waitFor(
      async () => {
        await this.page.keyboard.press('Control+.');
        return (await menu.waitFor({ state: 'visible', timeout: 2000 }).then(() => true).catch(() => false)) ? true : undefined;
      },
      TIMEOUT,
      'the Quick Fix menu (Ctrl+.)',
    );
    await menu.locator('.monaco-list-row').first().waitFor({ timeout: TIMEOUT });
    return menu;
  }

  /** The Outline view's rows (opened in the Explorer), as "indent-level name". */
  async outline(): Promise<{ level: number; name: string }[]> {
    await this.command('Explorer: Focus on Outline View');
    // Collapse the folders section, so the outline gets the whole sidebar and renders every row.
    const folders = this.page.locator('.pane-header[aria-label^="Explorer Section"][aria-expanded="true"]').first();
    if (await folders.isVisible()) await folders.click();
    const pane = this.page.locator('.outline-pane');
    await pane.waitFor({ state: 'visible', timeout: TIMEOUT });
    await pane.locator('.monaco-list-row').first().waitFor({ timeout: TIMEOUT });
    await sleep(300);
    const rows = await pane.locator('.monaco-list-row').evaluateAll((rows) =>
      (rows as HTMLElementLike[]).map((row) => ({
        level: Number(row.getAttribute('aria-level')),
        name: row.querySelector('.label-name')?.textContent ?? '',
      })),
    );
    return rows as { level: number; name: string }[];
  }

  /** Names of the channels the Output view offers. */
  async outputChannels(): Promise<string[]> {
    await this.command('Output: Focus on Output View');
    const select = this.page.locator('.panel select.monaco-select-box, .part.panel select').first();
    await select.waitFor({ state: 'attached', timeout: TIMEOUT });
    return select.locator('option').allTextContents();
  }

  /** The language status entries shown for the active editor (the `{}` item in the status bar). */
  async languageStatus(): Promise<string> {
    const item = this.page.locator('#status\\.languageStatus');
    if (!(await item.isVisible())) return '';
    await item.hover();
    const hover = this.page.locator('.monaco-hover:not(.hidden) .hover-language-status').first();
    await hover.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
    const text = (await this.page.locator('.monaco-hover:not(.hidden)').allTextContents()).join(' ');
    await this.page.mouse.move(5, 300);
    return text;
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file, timeout: 10_000 });
  }
}

/** The few DOM members the page functions use (the project compiles without the DOM lib). */
export interface HTMLElementLike {
  style: { top: string };
  className: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): HTMLElementLike | null;
  querySelectorAll(selector: string): ArrayLike<HTMLElementLike>;
  ownerDocument: {
    createTreeWalker(root: unknown, whatToShow: number): { nextNode(): { textContent: string | null } | null };
    createRange(): { setStart(node: unknown, offset: number): void; setEnd(node: unknown, offset: number): void; getBoundingClientRect(): { left: number; top: number; width: number; height: number } };
  };
}
