// Starts `dsc lsp` for .ds files. Everything else (diagnostics, hover, definition,
// references, rename, outline, formatting) comes from the server.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('dsc');
  const command = config.get('path', 'dsc');
  const args = ['lsp', '--debounce-ms', String(config.get('debounceMs', 50))];
  client = new LanguageClient(
    'dsc',
    'dsc',
    { run: { command, args, transport: TransportKind.stdio },
      debug: { command, args, transport: TransportKind.stdio } },
    { documentSelector: [{ scheme: 'file', language: 'dsc' }] });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
