lsp --debounce-ms 99999
