import { startServer, usage } from './lsp/start';

// `safety-specs-language-server --stdio` (or --node-ipc / --socket=N / --pipe=NAME, as vscode-languageserver reads them).
const TRANSPORTS = /^--(stdio|node-ipc|socket|pipe|clientProcessId)/;
if (process.argv.slice(2).some((a) => TRANSPORTS.test(a))) {
  startServer();
} else {
  process.stderr.write(usage());
  process.exit(process.argv.includes('--help') || process.argv.includes('-h') ? 0 : 2);
}
